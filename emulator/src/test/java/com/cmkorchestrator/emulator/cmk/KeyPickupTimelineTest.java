package com.cmkorchestrator.emulator.cmk;

import com.azure.core.management.Region;
import com.azure.resourcemanager.compute.fluent.DiskEncryptionSetsClient;
import com.azure.resourcemanager.compute.fluent.models.DiskEncryptionSetInner;
import com.azure.resourcemanager.compute.models.KeyForDiskEncryptionSet;
import com.azure.resourcemanager.msi.models.Identity;
import com.azure.resourcemanager.storage.models.KeyVaultProperties;
import com.azure.resourcemanager.storage.models.StorageAccount;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyRotationLifetimeAction;
import com.azure.security.keyvault.keys.models.KeyRotationPolicy;
import com.azure.security.keyvault.keys.models.KeyRotationPolicyAction;
import com.cmkorchestrator.emulator.support.ArmScenario;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.Principals;
import com.cmkorchestrator.emulator.support.RealHsm;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Azure's own key version pickups (Storage after 24 h, Disk Encryption Sets after 1 h) while a
 * rotation policy keeps adding versions: one long {@code clock().advance(...)} must replay the
 * interval in order, so a resource sits on every version in turn, exactly as a series of short
 * advances (or real time) would leave it.
 */
class KeyPickupTimelineTest {
    private static final Duration PROPAGATION = Duration.ofMinutes(5);
    private static final Duration ROTATION = Duration.ofDays(90);
    private static final Duration STORAGE_DELAY = Duration.ofHours(24);
    private static final Duration DES_DELAY = Duration.ofHours(1);
    /** Past the second rotation (day 180) and the DES pickup of it, before Storage's (day 181). */
    private static final Duration BETWEEN_PICKUPS = Duration.ofDays(180).plusHours(12);

    private final List<EmulatorFixture> fixtures = new ArrayList<>();

    @AfterEach
    void stop() {
        fixtures.forEach(EmulatorFixture::close);
    }

    @Test
    void oneAdvanceOf200DaysShowsEachResourceOnEveryVersionInTurn() {
        Timeline timeline = timeline();
        List<Seen> seen = new CopyOnWriteArrayList<>();
        // the clock tells its listeners about every instant it stops at, after the emulator's own work
        timeline.fixture.emulator.clock().onAdvance(now -> seen.add(timeline.snapshot(now)));

        timeline.fixture.emulator.clock().advance(Duration.ofDays(200));

        List<KeyProperties> versions = timeline.versions();
        assertThat(versions).hasSize(3);
        assertThat(versions.get(1).getCreatedOn().toInstant()).isEqualTo(versions.get(0).getCreatedOn().toInstant().plus(ROTATION));
        assertThat(firstSeen(seen, Seen::storageKey, timeline, versions)).containsExactly(
                null, due(versions.get(1), STORAGE_DELAY), due(versions.get(2), STORAGE_DELAY));
        assertThat(firstSeen(seen, Seen::desKey, timeline, versions)).containsExactly(
                null, due(versions.get(1), DES_DELAY), due(versions.get(2), DES_DELAY));

        KeyVaultProperties storageKey = timeline.storageKey();
        assertThat(storageKey.currentVersionedKeyIdentifier()).isEqualTo(timeline.keyId(versions.get(2)));
        assertThat(storageKey.lastKeyRotationTimestamp().toInstant()).isEqualTo(due(versions.get(2), STORAGE_DELAY));
        DiskEncryptionSetInner set = timeline.set();
        assertThat(set.activeKey().keyUrl()).isEqualTo(timeline.keyId(versions.get(2)));
        assertThat(set.lastKeyRotationTimestamp().toInstant()).isEqualTo(due(versions.get(2), DES_DELAY));
        assertThat(set.previousKeys()).isEmpty();
    }

    @Test
    void anAdvanceEndingBeforeTheNewestVersionIsDueLeavesTheAccountOnTheVersionBefore() {
        Timeline timeline = timeline();

        timeline.fixture.emulator.clock().advance(BETWEEN_PICKUPS);

        List<KeyProperties> versions = timeline.versions();
        assertThat(versions).hasSize(3);
        KeyVaultProperties storageKey = timeline.storageKey();
        assertThat(storageKey.currentVersionedKeyIdentifier()).isEqualTo(timeline.keyId(versions.get(1)));
        assertThat(storageKey.lastKeyRotationTimestamp().toInstant()).isEqualTo(due(versions.get(1), STORAGE_DELAY));
        DiskEncryptionSetInner set = timeline.set();
        assertThat(set.activeKey().keyUrl()).isEqualTo(timeline.keyId(versions.get(2)));
        assertThat(set.lastKeyRotationTimestamp().toInstant()).isEqualTo(due(versions.get(2), DES_DELAY));
        // the old key stays 10 minutes after the pickup at day 180 + 1 h, not after the end of the advance
        assertThat(set.previousKeys()).isEmpty();
    }

    @Test
    void oneJumpAndSmallStepsEndInTheSameState() {
        Timeline jumped = timeline();
        Timeline stepped = timeline();

        jumped.fixture.emulator.clock().advance(BETWEEN_PICKUPS);
        for (int day = 0; day < BETWEEN_PICKUPS.toDays(); day++) {
            stepped.fixture.emulator.clock().advance(Duration.ofDays(1));
        }
        stepped.fixture.emulator.clock().advance(BETWEEN_PICKUPS.minusDays(BETWEEN_PICKUPS.toDays()));

        assertThat(jumped.outcome()).isEqualTo(stepped.outcome());
        assertThat(stepped.outcome().storageVersion()).isEqualTo(1);
    }

    /** Where a scenario ended, in terms that do not depend on its emulator: version indexes and times since the first version. */
    private record Outcome(int versions, int storageVersion, Duration storageRotatedAfter, int desVersion,
                           Duration desRotatedAfter, List<Integer> desPreviousKeys) {
    }

    /** What the resources used at one instant the clock stopped at. */
    private record Seen(Instant at, String storageKey, String desKey) {
    }

    /**
     * For each version (oldest first), the first instant it was seen in use; null for the version in
     * use from the start. Also checks the resource never went back to an older version.
     */
    private static List<Instant> firstSeen(List<Seen> seen, Function<Seen, String> key,
                                           Timeline timeline, List<KeyProperties> versions) {
        List<String> ids = versions.stream().map(timeline::keyId).toList();
        List<Instant> first = new ArrayList<>();
        ids.forEach(id -> first.add(null));
        int previous = 0;
        for (Seen s : seen.stream().sorted(Comparator.comparing(Seen::at)).toList()) {
            int index = ids.indexOf(key.apply(s));
            assertThat(index).as("version in use at %s", s.at()).isGreaterThanOrEqualTo(previous);
            if (index > previous) {
                first.set(index, s.at());
                previous = index;
            }
        }
        return first;
    }

    private static Instant due(KeyProperties version, Duration delay) {
        return version.getCreatedOn().toInstant().plus(delay);
    }

    /** A fresh emulator with one key rotated every 90 days, a Storage account and a DES following it. */
    private Timeline timeline() {
        EmulatorFixture fixture = EmulatorFixture.withRealHsms(o -> o.withRoleAssignmentPropagation(PROPAGATION));
        fixtures.add(fixture);
        return new Timeline(fixture);
    }

    private static final class Timeline {
        private static final String GROUP = "timeline-rg";
        private static final String KEY = "timeline-key";
        private final EmulatorFixture fixture;
        private final RealHsm hsm;
        private final DiskEncryptionSetsClient sets;
        private final StorageAccount account;

        Timeline(EmulatorFixture fixture) {
            this.fixture = fixture;
            ArmScenario arm = new ArmScenario(fixture);
            arm.group(GROUP);
            try {
                hsm = new RealHsm(fixture, arm.hsm(GROUP, "hsm-timeline").properties().hsmUri()).activate();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            Identity identity = arm.identity(GROUP, "uami-timeline");
            String first = hsm.createKey(KEY);
            hsm.keys().updateKeyRotationPolicy(KEY, new KeyRotationPolicy().setExpiresIn("P1Y").setLifetimeActions(List.of(
                    new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE).setTimeAfterCreate("P90D"))));
            hsm.grantEncryptionUser(identity.principalId(), KEY);
            fixture.emulator.clock().advance(PROPAGATION);
            account = fixture.azure.storage(Principals.DEPLOYER).storageAccounts().define("sttimeline")
                    .withRegion(Region.US_WEST).withExistingResourceGroup(GROUP)
                    .withExistingUserAssignedManagedServiceIdentity(identity)
                    .withEncryptionKeyFromKeyVault(hsm.uri(), KEY, null, identity).create();
            sets = fixture.azure.compute(Principals.DEPLOYER).serviceClient().getDiskEncryptionSets();
            sets.createOrUpdate(GROUP, "des-timeline", ArmScenario.diskEncryptionSet(identity, hsm.keyId(KEY, first), true));
        }

        List<KeyProperties> versions() {
            return hsm.keys().listPropertiesOfKeyVersions(KEY).stream()
                    .sorted(Comparator.comparing(KeyProperties::getCreatedOn)).toList();
        }

        String keyId(KeyProperties version) {
            return hsm.keyId(KEY, version.getVersion());
        }

        KeyVaultProperties storageKey() {
            return account.refresh().innerModel().encryption().keyVaultProperties();
        }

        DiskEncryptionSetInner set() {
            return sets.getByResourceGroup(GROUP, "des-timeline");
        }

        /** Read straight from ARM's state (no request), so that it can run inside a clock listener. */
        Seen snapshot(Instant now) {
            String storageKey = null;
            String desKey = null;
            for (ObjectNode doc : fixture.emulator.armDocuments()) {
                String name = doc.path("name").asText();
                if (name.equals("sttimeline")) {
                    storageKey = doc.path("properties").path("encryption").path("keyvaultproperties")
                            .path("currentVersionedKeyIdentifier").asText();
                } else if (name.equals("des-timeline")) {
                    desKey = doc.path("properties").path("activeKey").path("keyUrl").asText();
                }
            }
            return new Seen(now, storageKey, desKey);
        }

        Outcome outcome() {
            List<KeyProperties> versions = versions();
            List<String> ids = versions.stream().map(this::keyId).toList();
            Instant start = versions.get(0).getCreatedOn().toInstant();
            KeyVaultProperties storageKey = storageKey();
            DiskEncryptionSetInner set = set();
            return new Outcome(versions.size(), ids.indexOf(storageKey.currentVersionedKeyIdentifier()),
                    Duration.between(start, storageKey.lastKeyRotationTimestamp().toInstant()),
                    ids.indexOf(set.activeKey().keyUrl()),
                    Duration.between(start, set.lastKeyRotationTimestamp().toInstant()),
                    set.previousKeys().stream().map(KeyForDiskEncryptionSet::keyUrl).map(ids::indexOf).toList());
        }
    }
}
