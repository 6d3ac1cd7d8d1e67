package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.AzureErrorDetail;
import com.cmkorchestrator.core.ports.TargetState.DiskEncryptionSetState;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DiskEncryptionSetBindingTest {

    private final Scenario scenario = new Scenario();

    private DiskEncryptionSetState des() {
        return (DiskEncryptionSetState) scenario.azure.arm.target(Scenario.DES);
    }

    @Test
    void autoBindsAVersionedKeyUrlWithRotationToLatestOn() {
        ReconcileOutcome outcome = scenario.converge(Scenario.desBinding(KeySpec.rsa("disks", 2048), VersionPolicy.AUTO));

        String latest = scenario.azure.keyVault.key(scenario.hsmUri, "disks").versions.get(0).version();
        assertThat(outcome.status().isReady()).isTrue();
        assertThat(des().activeKey().version()).isEqualTo(latest);
        assertThat(des().rotationToLatestKeyVersionEnabled()).isTrue();
    }

    @Test
    void pinnedTurnsRotationToLatestOffAndRebindsOnEachNewVersion() {
        Binding pinned = Scenario.desBinding(KeySpec.rsa("disks", 2048), VersionPolicy.PINNED);
        ReconcileOutcome converged = scenario.converge(pinned);
        assertThat(des().rotationToLatestKeyVersionEnabled()).isFalse();

        var next = scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "disks");
        ReconcileOutcome rebound = scenario.pass(pinned, converged.status());

        assertThat(rebound.writes()).extracting(Write::kind).containsExactly(Write.Kind.BIND);
        assertThat(des().activeKey().version()).isEqualTo(next.version());
    }

    @Test
    void theFirstWriteOfABindingIsReportedAsBoundNotRebound() {
        ReconcileOutcome outcome = scenario.converge(Scenario.desBinding(KeySpec.rsa("disks", 2048), VersionPolicy.PINNED));

        assertThat(outcome.status().condition(ConditionType.BOUND).reason()).isEqualTo(Reason.BOUND);
    }

    @Test
    void aWriteAfterANewVersionIsReportedAsRebound() {
        Binding pinned = Scenario.desBinding(KeySpec.rsa("disks", 2048), VersionPolicy.PINNED);
        ReconcileOutcome converged = scenario.converge(pinned);

        scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "disks");
        ReconcileOutcome rebound = scenario.pass(pinned, converged.status());

        assertThat(rebound.status().condition(ConditionType.BOUND).reason()).isEqualTo(Reason.REBOUND);
    }

    @Test
    void autoLeavesTheVersionToAzureForItsHourThenMovesItItself() {
        Binding auto = Scenario.desBinding(KeySpec.rsa("disks", 2048), VersionPolicy.AUTO);
        ReconcileOutcome converged = scenario.converge(auto);
        var next = scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "disks");

        ReconcileOutcome inWindow = scenario.pass(auto, converged.status());
        assertThat(inWindow.writes()).isEmpty();
        assertThat(inWindow.status().condition(ConditionType.VERIFIED).reason()).isEqualTo(Reason.AWAITING_PICKUP);
        assertThat(inWindow.requeueAfter()).isEqualTo(Duration.ofHours(1));

        scenario.azure.clock.advance(Duration.ofMinutes(61));
        ReconcileOutcome late = scenario.pass(auto, inWindow.status());
        assertThat(late.writes()).extracting(Write::kind).containsExactly(Write.Kind.BIND);
        assertThat(des().activeKey().version()).isEqualTo(next.version());
        assertThat(late.status().isReady()).isTrue();
    }

    @Test
    void anAutoKeyRotationErrorIsSurfacedWithAzuresMessage() {
        Binding auto = Scenario.desBinding(KeySpec.rsa("disks", 2048), VersionPolicy.AUTO);
        ReconcileOutcome converged = scenario.converge(auto);
        DiskEncryptionSetState d = des();
        scenario.azure.arm.setTarget(new DiskEncryptionSetState(d.id(), d.location(), d.provisioningState(),
                d.userAssignedIdentities(), d.activeKey(), true, new AzureErrorDetail("ManagedServiceIdentityNotFound",
                "Auto-key rotation was disabled as managed service identity was not found."), null));

        ReconcileOutcome outcome = scenario.pass(auto, converged.status());

        assertThat(outcome.status().condition(ConditionType.VERIFIED).reason()).isEqualTo(Reason.AUTO_KEY_ROTATION_ERROR);
        assertThat(outcome.status().condition(ConditionType.VERIFIED).message())
                .contains("ManagedServiceIdentityNotFound").contains("Auto-key rotation was disabled");
    }

    @Test
    void aTransientBindFailureIsRetriedSoonThenThePinnedSetMovesOffTheDisabledVersion() {
        Binding pinned = Scenario.desBinding(KeySpec.rsa("disks", 2048), VersionPolicy.PINNED);
        ReconcileOutcome converged = scenario.converge(pinned);
        String inUse = des().activeKey().version();
        scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "disks");
        scenario.azure.keyVault.setEnabled(scenario.hsmUri, "disks", inUse, false);
        scenario.azure.log.failNext("target.bind", new com.cmkorchestrator.core.errors.AzureCallException(
                "PATCH des", 503, "ServiceUnavailable", "try later"));

        ReconcileOutcome outcome = scenario.pass(pinned, converged.status());
        assertThat(outcome.status().condition(ConditionType.BOUND).reason()).isEqualTo(Reason.AZURE_RETRYING);
        assertThat(outcome.requeueAfter()).isEqualTo(Duration.ofSeconds(10));

        ReconcileOutcome next = scenario.pass(pinned, outcome.status());
        assertThat(next.status().isReady()).isTrue();
        assertThat(next.status().critical()).isFalse();
    }
}
