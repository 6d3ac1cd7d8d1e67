package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.OnDrift;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.RoleAssignment;
import com.cmkorchestrator.core.ports.TargetState.DiskEncryptionSetState;
import com.cmkorchestrator.core.ports.TargetState.StorageAccountState;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionStatus;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Drift;
import com.cmkorchestrator.core.status.Reason;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A key changed outside the app: repaired or only reported, always remembered (issue 12, finding 4's pass side). */
class DriftTest {

    private final Scenario scenario = new Scenario();
    private final Binding storage = Scenario.storageBinding(KeySpec.rsa("orders-cmk", 2048), VersionPolicy.AUTO);

    /** Someone points the storage account at another key of theirs. */
    private void someoneRebindsTheStorageAccount() {
        scenario.azure.keyVault.seedKey(scenario.hsmUri, "their-key", "RSA-HSM", 2048, scenario.azure.clock.instant(),
                null);
        StorageAccountState bound = (StorageAccountState) scenario.azure.arm.target(Scenario.STORAGE);
        scenario.azure.arm.setTarget(new StorageAccountState(bound.id(), bound.location(), "Succeeded",
                bound.userAssignedIdentities(), KeyRef.of(scenario.hsmUri, "their-key"), bound.encryptionIdentity(),
                null, null));
    }

    private StorageAccountState account() {
        return (StorageAccountState) scenario.azure.arm.target(Scenario.STORAGE);
    }

    @Test
    void aKeyChangedOutsideTheAppIsRepairedAndTheStatusRemembersWhatChanged() {
        BindingStatus converged = scenario.converge(storage).status();
        someoneRebindsTheStorageAccount();

        ReconcileOutcome pass = scenario.pass(storage, converged);

        Condition bound = pass.status().condition(ConditionType.BOUND);
        assertThat(bound.reason()).isEqualTo(Reason.DRIFT_REPAIRED);
        assertThat(bound.message()).contains("references " + scenario.hsmUri + "keys/their-key");
        assertThat(account().key().name()).isEqualTo("orders-cmk");
        assertThat(pass.status().drift()).satisfies(drift -> {
            assertThat(drift.repaired()).isTrue();
            assertThat(drift.change()).contains("their-key");
            assertThat(drift.at()).isEqualTo(scenario.azure.clock.instant());
        });
    }

    @Test
    void withOnDriftReportTheTargetIsLeftAsFoundAndBoundIsFalse() {
        Binding reporting = storage.withOnDrift(OnDrift.REPORT);
        BindingStatus converged = scenario.converge(reporting).status();
        someoneRebindsTheStorageAccount();
        scenario.azure.log.clear();

        ReconcileOutcome first = scenario.pass(reporting, converged);
        scenario.azure.clock.advance(Duration.ofHours(1));
        ReconcileOutcome second = scenario.pass(reporting, first.status());

        Condition bound = second.status().condition(ConditionType.BOUND);
        assertThat(bound.status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(bound.reason()).isEqualTo(Reason.DRIFT_REPORTED);
        assertThat(bound.message()).contains("onDrift: report");
        assertThat(account().key().name()).isEqualTo("their-key");
        assertThat(scenario.azure.log.writes()).doesNotContain("target.bind");
        assertThat(second.status().drift()).as("the same drift, as first recorded").isEqualTo(first.status().drift());
    }

    @Test
    void aResourceRestoredByItsOwnerIsBoundAgainWithoutAWrite() {
        Binding reporting = storage.withOnDrift(OnDrift.REPORT);
        BindingStatus converged = scenario.converge(reporting).status();
        StorageAccountState before = account();
        someoneRebindsTheStorageAccount();
        BindingStatus reported = scenario.pass(reporting, converged).status();
        scenario.azure.arm.setTarget(before);

        ReconcileOutcome restored = scenario.pass(reporting, reported);

        assertThat(restored.status().isReady()).isTrue();
        assertThat(restored.writes()).isEmpty();
    }

    @Test
    void aPinnedRebindAfterARotationIsNoDrift() {
        Binding des = Scenario.desBinding(KeySpec.rsa("orders-cmk", 2048), VersionPolicy.PINNED);
        BindingStatus converged = scenario.converge(des).status();
        scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "orders-cmk");

        ReconcileOutcome rebound = scenario.pass(des, converged);

        assertThat(rebound.status().condition(ConditionType.BOUND).reason()).isEqualTo(Reason.REBOUND);
        assertThat(rebound.status().drift()).isNull();
    }

    @Test
    void azuresOwnPickupOfANewVersionIsNoDrift() {
        Binding des = Scenario.desBinding(KeySpec.rsa("orders-cmk", 2048), VersionPolicy.AUTO);
        BindingStatus converged = scenario.converge(des).status();
        scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "orders-cmk");
        scenario.azure.arm.pickUpNewVersions();

        ReconcileOutcome after = scenario.pass(des, converged);

        assertThat(after.writes()).isEmpty();
        assertThat(after.status().drift()).isNull();
    }

    @Test
    void aPinnedSlotSetToAVersionTheBindingNeverUsedIsDrift() {
        Binding des = Scenario.desBinding(KeySpec.rsa("orders-cmk", 2048), VersionPolicy.PINNED);
        BindingStatus converged = scenario.converge(des).status();
        String stray = scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "orders-cmk").version();
        scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "orders-cmk");
        DiskEncryptionSetState set = (DiskEncryptionSetState) scenario.azure.arm.target(Scenario.DES);
        scenario.azure.arm.setTarget(new DiskEncryptionSetState(set.id(), set.location(), "Succeeded",
                set.userAssignedIdentities(), set.activeKey().withVersion(stray), false, null, null));

        ReconcileOutcome after = scenario.pass(des, converged);

        assertThat(after.status().condition(ConditionType.BOUND).reason()).isEqualTo(Reason.DRIFT_REPAIRED);
        assertThat(after.status().drift().change()).contains("was set to version " + stray);
    }

    @Test
    void aTargetThatDiffersAfterASpecChangeIsTheAppsOwnNextWrite() {
        BindingStatus converged = scenario.converge(storage).status();
        Binding otherKey = Scenario.storageBinding(KeySpec.rsa("next-cmk", 2048), VersionPolicy.AUTO);
        scenario.azure.keyVault.seedKey(scenario.hsmUri, "next-cmk", "RSA-HSM", 2048, scenario.azure.clock.instant(),
                null);
        scenario.own("next-cmk"); // a key the app may write to, as one a binding adopted
        String principal = scenario.azure.arm.identity(Scenario.IDENTITY).orElseThrow().principalId();
        scenario.azure.keyVault.seedAssignment(scenario.hsmUri, new RoleAssignment("0b5e0000-0000-0000-0000-00000000d1f7",
                "/keys/next-cmk", EnsureAccess.CRYPTO_SERVICE_ENCRYPTION_USER, principal));

        ReconcileOutcome changed = scenario.reconciler.reconcile(otherKey, converged, false);

        assertThat(changed.status().condition(ConditionType.BOUND).reason()).isEqualTo(Reason.REBOUND);
        assertThat(changed.status().drift()).isNull();
        assertThat(account().key().name()).isEqualTo("next-cmk");
    }

    @Test
    void aDriftIsRememberedForAWeekThenForgotten() {
        BindingStatus converged = scenario.converge(storage).status();
        someoneRebindsTheStorageAccount();
        BindingStatus repaired = scenario.pass(storage, converged).status();

        scenario.azure.clock.advance(Drift.REMEMBERED.minusMinutes(1));
        BindingStatus within = scenario.pass(storage, repaired).status();
        scenario.azure.clock.advance(Duration.ofMinutes(2));
        BindingStatus after = scenario.pass(storage, within).status();

        assertThat(within.drift()).isEqualTo(repaired.drift());
        assertThat(after.drift()).isNull();
    }
}
