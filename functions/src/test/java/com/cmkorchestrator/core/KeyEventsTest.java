package com.cmkorchestrator.core;

import com.cmkorchestrator.core.engine.ReconcileOutcome;
import com.cmkorchestrator.core.engine.Write;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.core.ports.TargetState.DiskEncryptionSetState;
import com.cmkorchestrator.core.ports.TargetState.StorageAccountState;
import com.cmkorchestrator.core.rotation.ExpiryVerdict;
import com.cmkorchestrator.core.rotation.RotationPlan;
import com.cmkorchestrator.core.safety.RetentionViolationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Period;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyEventsTest {

    private final Scenario scenario = new Scenario();
    private final Binding storage = Scenario.storageBinding(KeySpec.rsa("shared", 2048), VersionPolicy.AUTO);
    private final Binding pinnedDes = Scenario.desBinding(KeySpec.rsa("shared", 2048), VersionPolicy.PINNED);
    private final Binding workspace = Scenario.databricksBinding(KeySpec.rsa("shared", 2048), VersionPolicy.AUTO);
    private final Binding elsewhere = Scenario.storageBinding(KeySpec.rsa("other-key", 2048), VersionPolicy.PINNED);
    private final List<Binding> all = List.of(storage, pinnedDes, workspace, elsewhere);

    /** Every binding, never reconciled (no status) unless given with its status. */
    private List<TrackedBinding> tracked(TrackedBinding... known) {
        List<TrackedBinding> tracked = new java.util.ArrayList<>(List.of(known));
        all.stream().filter(b -> tracked.stream().noneMatch(t -> t.binding().equals(b)))
                .forEach(b -> tracked.add(new TrackedBinding(b, null)));
        return tracked;
    }

    /** Gives the key's current version an expiry {@code lifetime} after its creation. */
    private void expireCurrentVersionAfter(Duration lifetime) {
        var key = scenario.azure.keyVault.key(scenario.hsmUri, "shared");
        var v = key.versions.get(0);
        key.versions.set(0, new KeyVersion(v.version(), true, v.createdOn(), v.createdOn().plus(lifetime), null));
    }

    private TrackedBinding converge(Binding binding) {
        ReconcileOutcome outcome = scenario.converge(binding);
        assertThat(outcome.status().isReady()).as(binding.name()).isTrue();
        return new TrackedBinding(binding, outcome.status());
    }

    @Test
    void aNewVersionRebindsPinnedReferencesNowAndVerifiesAutoOnesAfterTheirWindow() {
        TrackedBinding onTheOldVersion = converge(storage);
        var version = scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "shared");

        RotationPlan plan = scenario.reconciler.onKeyChange(Scenario.HSM, "shared", tracked(onTheOldVersion)).plan();

        assertThat(plan.reconcileNow()).containsExactlyInAnyOrder(pinnedDes, workspace);
        assertThat(plan.checkLater()).singleElement().satisfies(check -> {
            assertThat(check.binding()).isEqualTo(storage);
            assertThat(check.at()).isEqualTo(version.createdOn().plus(Duration.ofHours(24)));
        });
        assertThat(scenario.azure.log.writes()).containsOnlyOnce("key.create").doesNotContain("key.rotate");
    }

    @Test
    void aKeyChangeLeavesTheBindingsAlreadyOnTheCurrentVersionAlone() {
        TrackedBinding current = converge(pinnedDes);

        KeyEventResponse response = scenario.reconciler.onKeyChange(Scenario.HSM, "shared", List.of(current));

        assertThat(response.plan().reconcileNow()).isEmpty();
        assertThat(response.plan().checkLater()).isEmpty();
        assertThat(response.writes()).isEmpty();
    }

    @Test
    void rotateNowAddsOneVersionAndPlansThePinnedRebinds() {
        TrackedBinding des = converge(pinnedDes);

        KeyEventResponse response = scenario.reconciler.rotateNow(Scenario.HSM, "shared", all);
        List<ReconcileOutcome> rebinds = scenario.reconciler.reconcileAll(List.of(des));

        assertThat(response.writes()).extracting(Write::kind).containsExactly(Write.Kind.ROTATE_KEY);
        assertThat(response.plan().reconcileNow()).contains(pinnedDes);
        DiskEncryptionSetState set = (DiskEncryptionSetState) scenario.azure.arm.target(Scenario.DES);
        assertThat(set.activeKey().version()).isEqualTo(response.rotatedTo().version());
        assertThat(rebinds).singleElement().satisfies(o -> assertThat(o.status().isReady()).isTrue());
    }

    @Test
    void nearExpiryWithAPolicyThatRotatesInTimeIsOnlyReported() {
        converge(storage);
        scenario.azure.keyVault.key(scenario.hsmUri, "shared").policy = new KeyRotationPolicy(Period.ofDays(30), null, Period.ofDays(30), Period.ofDays(60));
        expireCurrentVersionAfter(Duration.ofDays(45));
        scenario.azure.clock.advance(Duration.ofDays(20));

        KeyEventResponse response = scenario.reconciler.onKeyChange(Scenario.HSM, "shared", tracked());

        assertThat(response.verdict().state()).isEqualTo(ExpiryVerdict.State.NEAR_EXPIRY_POLICY_ROTATES);
        assertThat(response.rotation()).isEmpty();
        assertThat(response.writes()).isEmpty();
    }

    @Test
    void nearExpiryWithNothingToRotateInTimeRotatesNow() {
        converge(storage);
        expireCurrentVersionAfter(Duration.ofDays(10));

        KeyEventResponse response = scenario.reconciler.onKeyChange(Scenario.HSM, "shared", tracked());

        assertThat(response.verdict().state()).isEqualTo(ExpiryVerdict.State.ROTATE_NOW);
        assertThat(response.rotation()).isPresent();
        assertThat(response.critical()).isFalse();
    }

    @Test
    void expiredRotatesAtOnceRebindsEveryBindingOfTheKeyAndIsCritical() {
        converge(storage);
        expireCurrentVersionAfter(Duration.ofDays(1));
        scenario.azure.clock.advance(Duration.ofDays(2));

        KeyEventResponse response = scenario.reconciler.onKeyChange(Scenario.HSM, "shared", tracked());

        assertThat(response.critical()).isTrue();
        assertThat(response.plan().reconcileNow()).containsExactlyInAnyOrder(storage, pinnedDes, workspace);
        assertThat(response.plan().checkLater()).isEmpty();
    }

    @Test
    void aRepeatedExpiredEventFindsTheFreshVersionAndDoesNothing() {
        converge(storage);
        expireCurrentVersionAfter(Duration.ofDays(1));
        scenario.azure.clock.advance(Duration.ofDays(2));

        scenario.reconciler.onKeyChange(Scenario.HSM, "shared", tracked());
        KeyEventResponse again = scenario.reconciler.onKeyChange(Scenario.HSM, "shared", tracked());

        assertThat(again.writes()).isEmpty();
        assertThat(scenario.azure.log.count("key.rotate")).isEqualTo(1);
    }

    @Test
    void rotationNeverDisablesOrDeletesAVersion() {
        TrackedBinding des = converge(pinnedDes);
        for (int i = 0; i < 3; i++) {
            scenario.reconciler.rotateNow(Scenario.HSM, "shared", all);
            scenario.reconciler.reconcileAll(List.of(des));
        }

        assertThat(scenario.azure.log.calls()).doesNotContain("key.disable");
        assertThat(scenario.azure.keyVault.key(scenario.hsmUri, "shared").versions).allMatch(KeyVersion::enabled);
    }

    @Test
    void retiringTheVersionAResourceUsesIsRefusedWithoutAnyWrite() {
        TrackedBinding tracked = converge(storage);
        String inUse = ((StorageAccountState) scenario.azure.arm.target(Scenario.STORAGE))
                .currentVersionedKeyIdentifier().version();
        scenario.azure.clock.advance(Duration.ofDays(1));
        scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "shared");

        assertThatThrownBy(() -> scenario.reconciler.retireVersion(Scenario.HSM, "shared", inUse, List.of(tracked)))
                .isInstanceOf(RetentionViolationException.class).hasMessageContaining("ordersdata");
        assertThat(scenario.azure.log.calls()).doesNotContain("key.disable");
    }

    @Test
    void retiringAVersionLeftLessThanADayAgoIsRefusedAndAllowedOnceTheWindowPassed() {
        TrackedBinding tracked = converge(storage);
        String old = tracked.status().versionInUse(com.cmkorchestrator.core.model.KeySlot.STORAGE_ENCRYPTION).orElseThrow();
        scenario.azure.clock.advance(Duration.ofDays(1));
        scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "shared");
        scenario.azure.clock.advance(Duration.ofHours(20));
        scenario.azure.arm.pickUpNewVersions();
        TrackedBinding after = new TrackedBinding(storage, scenario.pass(storage, tracked.status()).status());
        scenario.azure.clock.advance(Duration.ofHours(5));

        assertThatThrownBy(() -> scenario.reconciler.retireVersion(Scenario.HSM, "shared", old, List.of(after)))
                .isInstanceOf(RetentionViolationException.class).hasMessageContaining("left version");

        scenario.azure.clock.advance(Duration.ofHours(20));
        List<Write> writes = scenario.reconciler.retireVersion(Scenario.HSM, "shared", old, List.of(after));
        assertThat(writes).extracting(Write::kind).containsExactly(Write.Kind.DISABLE_KEY_VERSION);
    }

    @Test
    void retiringAVersionThatAResourceNoBindingManagesUsesIsRefusedWithoutAnyWrite() {
        TrackedBinding tracked = converge(storage);
        String old = tracked.status().versionInUse(com.cmkorchestrator.core.model.KeySlot.STORAGE_ENCRYPTION).orElseThrow();
        scenario.azure.clock.advance(Duration.ofDays(1));
        scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "shared");
        scenario.azure.arm.pickUpNewVersions();
        TrackedBinding after = new TrackedBinding(storage, scenario.pass(storage, tracked.status()).status());
        scenario.azure.clock.advance(Duration.ofDays(3));
        var unbound = (DiskEncryptionSetState) scenario.azure.arm.target(Scenario.DES);
        scenario.azure.arm.setTarget(new DiskEncryptionSetState(unbound.id(), unbound.location(), "Succeeded",
                unbound.userAssignedIdentities(), KeyRef.of(scenario.hsmUri, "shared").withVersion(old), false, null,
                null));

        assertThatThrownBy(() -> scenario.reconciler.retireVersion(Scenario.HSM, "shared", old, List.of(after)))
                .isInstanceOf(RetentionViolationException.class).hasMessageContaining("vm-des");
        assertThat(scenario.azure.log.calls()).doesNotContain("key.disable");
    }
}
