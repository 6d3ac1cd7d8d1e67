package com.cmkorchestrator.app.retirement;

import com.cmkorchestrator.app.AppTestbed;
import com.cmkorchestrator.app.health.DashboardPage;
import com.cmkorchestrator.app.health.HealthReport;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.IdentitySpec;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.core.ports.TargetState.DatabricksWorkspaceState;
import com.cmkorchestrator.core.ports.TargetState.DiskEncryptionSetState;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Period;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Retirement of old versions on request, safely (issue 12, finding 5), as the health sweep runs it. */
class RetirementSweepTest {

    private final AppTestbed bed = new AppTestbed();
    private final Binding storage = new Binding("orders-storage", Scenario.HSM,
            KeySpec.rsa("orders-cmk", 2048).withRetireAfter(Period.ofDays(2)), IdentitySpec.sharedPerKey("rg-app"),
            Scenario.STORAGE, VersionPolicy.AUTO);
    private String first;
    private String second;

    /**
     * Bound on version one, rotated to version two, which Storage picks up a day later (its pickup moment is then), and
     * a sweep's pass sees it there.
     */
    private void boundThenRotatedAndPickedUp() {
        bed.converge(storage);
        first = bed.azure.keyVault.key(bed.scenario.hsmUri, "orders-cmk").versions.get(0).version();
        bed.azure.clock.advance(Duration.ofMinutes(1));
        second = bed.azure.keyVault.rotateByPolicy(bed.scenario.hsmUri, "orders-cmk").version();
        bed.azure.clock.advance(Duration.ofHours(24));
        bed.azure.arm.pickUpNewVersions();
        bed.graph.healthSweep().run();
    }

    private KeyVersion version(String id) {
        return bed.azure.keyVault.key(bed.scenario.hsmUri, "orders-cmk").versions.stream()
                .filter(v -> v.version().equals(id)).findFirst().orElseThrow();
    }

    private RetirementSweep.Report sweep() {
        return bed.graph.healthSweep().run().retirement();
    }

    @Test
    void aVersionIsNotDueBeforeRetireAfterHasPassedSinceItsSuccessorBecameCurrent() {
        boundThenRotatedAndPickedUp();

        RetirementSweep.Report report = sweep();

        assertThat(report.disabled()).isZero();
        assertThat(report.kept()).as("not due, so not even considered").isZero();
        assertThat(version(first).enabled()).isTrue();
    }

    @Test
    void aDueVersionNoResourceUsesIsDisabledNotDeletedAndRecordedWithItsEvidence() {
        boundThenRotatedAndPickedUp();
        bed.azure.clock.advance(Duration.ofDays(2));
        bed.azure.log.clear();

        RetirementSweep.Report report = sweep();

        assertThat(report.disabled()).isOne();
        assertThat(version(first).enabled()).isFalse();
        assertThat(version(second).enabled()).isTrue();
        assertThat(bed.azure.log.writes()).containsExactly("key.disable");
        assertThat(bed.graph.retired().recent()).singleElement().satisfies(record -> assertThat(record.message())
                .contains("disabled orders-cmk version " + first).contains("ordersdata (encryption) uses " + second));
        HealthReport health = bed.graph.healthReporter().report();
        assertThat(health.retiredVersions()).hasSize(1);
        assertThat(DashboardPage.render(health, hsm -> List.of())).contains("Retired key versions").contains(first);
    }

    @Test
    void aResourceNoBindingManagesThatStillUsesTheVersionKeepsItEnabled() {
        boundThenRotatedAndPickedUp();
        DiskEncryptionSetState set = (DiskEncryptionSetState) bed.azure.arm.target(Scenario.DES);
        bed.azure.arm.setTarget(new DiskEncryptionSetState(set.id(), set.location(), "Succeeded", set.userAssignedIdentities(),
                KeyRef.of(bed.scenario.hsmUri, "orders-cmk").withVersion(first), false, null, bed.azure.clock.instant()));
        bed.azure.clock.advance(Duration.ofDays(2));

        RetirementSweep.Report report = sweep();

        assertThat(report.disabled()).isZero();
        assertThat(report.kept()).isOne();
        assertThat(version(first).enabled()).isTrue();
    }

    @Test
    void aResourceThatMovedToTheNewVersionWithinItsPickupWindowKeepsTheOldOne() {
        boundThenRotatedAndPickedUp();
        bed.azure.clock.advance(Duration.ofDays(2));
        DiskEncryptionSetState set = (DiskEncryptionSetState) bed.azure.arm.target(Scenario.DES);
        bed.azure.arm.setTarget(new DiskEncryptionSetState(set.id(), set.location(), "Succeeded", set.userAssignedIdentities(),
                KeyRef.of(bed.scenario.hsmUri, "orders-cmk").withVersion(second), false, null,
                bed.azure.clock.instant().minus(Duration.ofMinutes(30))));

        assertThat(sweep().disabled()).isZero();
        bed.azure.clock.advance(Duration.ofMinutes(31));
        assertThat(sweep().disabled()).as("its hour has passed").isOne();
    }

    @Test
    void aWorkspaceThatReportsNoTimeOfItsMoveKeepsTheOldVersion() {
        boundThenRotatedAndPickedUp();
        KeyRef onSecond = KeyRef.of(bed.scenario.hsmUri, "orders-cmk").withVersion(second);
        bed.azure.arm.setTarget(new DatabricksWorkspaceState(Scenario.WORKSPACE, "westeurope", "Succeeded", onSecond,
                onSecond, false, null));
        bed.azure.clock.advance(Duration.ofDays(2));

        assertThat(sweep().disabled()).isZero();
        assertThat(version(first).enabled()).isTrue();
    }

    @Test
    void keysNoBindingAsksToRetireAreNeverTouched() {
        bed.converge(AppTestbed.storage("orders-cmk", VersionPolicy.AUTO));
        bed.azure.keyVault.rotateByPolicy(bed.scenario.hsmUri, "orders-cmk");
        bed.azure.arm.pickUpNewVersions();
        bed.azure.clock.advance(Duration.ofDays(400));
        bed.azure.log.clear();

        RetirementSweep.Report report = sweep();

        assertThat(report.keys()).isZero();
        assertThat(bed.azure.log.calls()).doesNotContain("key.disable");
        assertThat(bed.azure.log.count("target.list")).as("the health sweep's own listing of the storage accounts only")
                .isEqualTo(1);
    }

    @Test
    void aKeyTheAppDoesNotOwnIsNeverRetiredEvenWhenABindingAsksForIt() {
        bed.azure.keyVault.seedKey(bed.scenario.hsmUri, "their-cmk", "RSA-HSM", 2048, bed.azure.clock.instant(), null);
        bed.azure.clock.advance(Duration.ofMinutes(1));
        String theirFirst = bed.azure.keyVault.key(bed.scenario.hsmUri, "their-cmk").versions.get(0).version();
        bed.azure.keyVault.rotateByPolicy(bed.scenario.hsmUri, "their-cmk");
        // no "adopt": the binding stays KeyReady False/KeyNotOwned, and retirement writes nothing either
        bed.graph.bindings().declare(new Binding("orders-storage", Scenario.HSM,
                KeySpec.rsa("their-cmk", 2048).withRetireAfter(Period.ofDays(2)), IdentitySpec.sharedPerKey("rg-app"),
                Scenario.STORAGE, VersionPolicy.AUTO), java.util.Optional.empty());
        bed.drain();
        assertThat(bed.status("orders-storage").orElseThrow().condition(ConditionType.KEY_READY).reason())
                .isEqualTo(Reason.KEY_NOT_OWNED);
        bed.azure.clock.advance(Duration.ofDays(3));
        bed.azure.log.clear();

        RetirementSweep.Report report = sweep();

        assertThat(report.keys()).isOne();
        assertThat(report.disabled()).isZero();
        assertThat(bed.azure.log.writes()).doesNotContain("key.disable");
        assertThat(bed.azure.keyVault.key(bed.scenario.hsmUri, "their-cmk").versions.get(0).version()).isEqualTo(theirFirst);
        assertThat(bed.azure.keyVault.key(bed.scenario.hsmUri, "their-cmk").versions.get(0).enabled()).isTrue();
    }
}
