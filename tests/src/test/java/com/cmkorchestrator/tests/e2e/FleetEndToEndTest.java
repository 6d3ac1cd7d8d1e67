package com.cmkorchestrator.tests.e2e;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.devhost.LocalEnvironment;
import com.cmkorchestrator.emulator.hsm.HsmSnapshot;
import com.cmkorchestrator.tests.seeding.FleetResources;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12's "Must show": 25 storage bindings and 5 disk encryption sets on one key with {@code identity.create}, a
 * rotation, and the old version retired after its window, against the local run. Every claim about what is in use is
 * checked against the emulator's own resources (ARM's documents, the HSM's versions), not the app's records; and at
 * every stop of the emulated clock and after every step, no disabled version may be in use by any resource in scope.
 * A storage account no binding manages uses the key too, pinned by hand: the old version must outlive it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetEndToEndTest {

    private static final String KEY = "fleet-cmk";
    private static final String SOMEONE = "5eb0e000-0000-4000-8000-00000000b0b0";

    private LocalEnvironment environment;
    private LocalAzure azure;
    private AppClient app;
    private FleetResources resources;
    private FleetSpecs specs;
    private final List<String> names = new ArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private ArmId unmanaged;
    private ArmId someonesIdentity;
    private String first;
    private String second;

    @BeforeAll
    void start(@TempDir Path dir) {
        environment = LocalAzure.startQuietly(dir);
        azure = new LocalAzure(environment);
        app = new AppClient(environment.host().baseUri());
        resources = new FleetResources(environment);
        specs = new FleetSpecs(environment);
        environment.emulator().clock().onAdvance(now -> violations.addAll(disabledVersionsInUse()));
    }

    @AfterAll
    void stop() {
        environment.close();
    }

    /** Emulated time passes, the app's re-checks and events running as they come due. */
    private void pass(Duration span) throws InterruptedException {
        for (Duration passed = Duration.ZERO; passed.compareTo(span) < 0; passed = passed.plus(Duration.ofMinutes(30))) {
            environment.emulator().clock().advance(Duration.ofMinutes(30));
            azure.settle();
        }
    }

    private void sweep() throws InterruptedException {
        assertThat(app.post("admin/functions/HealthSweep", null).status()).isEqualTo(202);
        azure.settle();
        violations.addAll(disabledVersionsInUse());
    }

    private void awaitAllVerified() {
        names.forEach(name -> app.awaitBinding(name, view -> "Verified".equals(view.path("phase").asText()),
                Duration.ofSeconds(120), azure::workShortRechecks));
    }

    private Optional<HsmSnapshot.Key> findKey() {
        return environment.emulator().fleet().byUri(environment.seeded().hsmUri()).orElseThrow().snapshot().keys()
                .stream().filter(k -> k.name().equals(KEY)).findFirst();
    }

    private HsmSnapshot.Key key() {
        return findKey().orElseThrow();
    }

    private boolean enabled(String version) {
        return key().versions().stream().filter(v -> v.version().equals(version)).findFirst().orElseThrow().enabled();
    }

    /** The versions of the key that some resource in the emulator uses now, from ARM's own documents. */
    private Set<String> versionsInUse() {
        Set<String> used = new HashSet<>();
        for (JsonNode doc : environment.emulator().armDocuments()) {
            String type = doc.path("type").asText();
            if (type.equalsIgnoreCase("Microsoft.Storage/storageAccounts")) {
                JsonNode vault = doc.at("/properties/encryption/keyvaultproperties");
                if (vault.path("keyname").asText().equals(KEY)) {
                    used.add(lastSegment(vault.path("currentVersionedKeyIdentifier").asText()));
                }
            } else if (type.equalsIgnoreCase("Microsoft.Compute/diskEncryptionSets")) {
                Stream.concat(Stream.of(doc.at("/properties/activeKey")),
                                StreamSupport.stream(doc.at("/properties/previousKeys").spliterator(), false))
                        .map(key -> key.path("keyUrl").asText()).filter(url -> url.contains("/keys/" + KEY + "/"))
                        .forEach(url -> used.add(lastSegment(url)));
            }
        }
        return used;
    }

    private List<String> disabledVersionsInUse() {
        Set<String> used = versionsInUse();
        return findKey().stream().flatMap(key -> key.versions().stream()).filter(v -> !v.enabled())
                .map(HsmSnapshot.Version::version)
                .filter(used::contains).map(v -> "version " + v + " disabled while in use at "
                        + environment.emulator().clock().instant()).toList();
    }

    private static String lastSegment(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    @Test
    @Order(1)
    void twentyFiveStorageAccountsAndFiveDiskEncryptionSetsOnOneKeyWithIdentityCreateAllReachVerified() {
        List<ArmId> targets = new ArrayList<>();
        IntStream.rangeClosed(1, 25).forEach(i -> targets.add(resources.storageAccount(
                String.format(Locale.ROOT, "stfleet%02d", i))));
        IntStream.rangeClosed(1, 5).forEach(i -> targets.add(resources.diskEncryptionSet("des-fleet-" + i)));
        for (ArmId target : targets) {
            String name = "fleet-" + target.resourceName().replace("stfleet", "st");
            AppClient.Reply reply = app.post("api/bindings", specs.binding(name, FleetSpecs.rotatingKey(KEY, "P2D"),
                    specs.sharedIdentity(), target, ""));
            assertThat(reply.status()).as(reply.text()).isEqualTo(202);
            names.add(name);
        }

        awaitAllVerified();

        HsmSnapshot snapshot = environment.emulator().fleet().byUri(environment.seeded().hsmUri()).orElseThrow()
                .snapshot();
        assertThat(snapshot.roleAssignments()).filteredOn(a -> a.scope().equals("/keys/" + KEY)).hasSize(1);
        assertThat(key().versions()).hasSize(1);
        first = key().versions().get(0).version();
        assertThat(versionsInUse()).containsExactly(first);
    }

    @Test
    @Order(2)
    void aRotationReachesEveryResourceWithinItsPickupWindowAndEveryBindingStaysVerified() throws Exception {
        unmanaged = resources.storageAccount("stbyhand");
        someonesIdentity = resources.identityGrantedOn("id-by-hand", KEY);
        resources.pinBy(SOMEONE, unmanaged, KEY, first, someonesIdentity);

        AppClient.Reply rotated = app.post("api/keys/" + LocalEnvironment.HSM_NAME + "/" + KEY + "/rotate", null);
        assertThat(rotated.status()).as(rotated.text()).isEqualTo(202);
        second = rotated.json().path("version").asText();
        pass(Duration.ofHours(25));
        sweep();

        awaitAllVerified();
        assertThat(versionsInUse()).as("the hand-pinned account alone stays on the first version")
                .containsExactlyInAnyOrder(first, second);
        assertThat(enabled(first)).isTrue();
    }

    @Test
    @Order(3)
    void theOldVersionStaysEnabledWhileAResourceNoBindingManagesStillUsesIt() throws Exception {
        pass(Duration.ofDays(2));

        sweep();

        assertThat(enabled(first)).isTrue();
        assertThat(app.get("api/health").json().path("retiredVersions")).isEmpty();
    }

    @Test
    @Order(4)
    void theOldVersionIsDisabledOnceEveryResourceInScopeShowsTheNewOneForItsWholePickupWindow() throws Exception {
        resources.pinBy(SOMEONE, unmanaged, KEY, second, someonesIdentity);
        sweep();
        assertThat(enabled(first)).as("the hand-pinned account moved just now: its service's day has not passed")
                .isTrue();

        pass(Duration.ofHours(25));
        sweep();

        assertThat(enabled(first)).isFalse();
        assertThat(enabled(second)).isTrue();
        assertThat(key().versions()).as("disabled, never deleted").hasSize(2);
        assertThat(versionsInUse()).containsExactly(second);
        awaitAllVerified();
        JsonNode retired = app.get("api/health").json().path("retiredVersions");
        assertThat(retired).singleElement().satisfies(record -> assertThat(record.path("message").asText())
                .contains("disabled " + KEY + " version " + first).contains("stbyhand (encryption) uses " + second)
                .contains("des-fleet-1 (activeKey) uses " + second));
        assertThat(app.get("api/dashboard").text()).contains("Retired key versions").contains(first);
    }

    @Test
    @Order(5)
    void noVersionWasEverDisabledWhileAResourceInScopeUsedIt() {
        violations.addAll(disabledVersionsInUse());

        assertThat(violations).isEmpty();
    }
}
