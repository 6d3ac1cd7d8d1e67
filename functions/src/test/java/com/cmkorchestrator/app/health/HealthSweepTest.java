package com.cmkorchestrator.app.health;

import com.cmkorchestrator.app.AppTestbed;
import com.cmkorchestrator.app.RejectedEvents;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.ActivationStatus;
import com.cmkorchestrator.core.ports.HsmProvisioningState;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.core.ports.TargetState.DiskEncryptionSetState;
import com.cmkorchestrator.state.Finding;
import com.cmkorchestrator.state.FindingSeverity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HealthSweepTest {

    private final AppTestbed bed = new AppTestbed();
    private final HealthSweep sweep = bed.graph.healthSweep();

    private List<Finding> findings(String binding) {
        return bed.stores.findings().findingsFor(binding);
    }

    @Test
    void aHealthyBindingHasNoFindingsAndTheSweepWritesNothing() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.azure.log.clear();

        HealthSweep.SweepReport report = sweep.run();

        assertThat(report.bindings()).isEqualTo(1);
        assertThat(report.verified()).isEqualTo(1);
        assertThat(findings("vm-disks")).isEmpty();
        assertThat(bed.azure.log.writes()).isEmpty();
    }

    @Test
    void aKeyWhoseManagedByTagWasRemovedIsAFindingWhileItsBindingKeepsBeingServed() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.azure.keyVault.key(bed.scenario.hsmUri, "shared").tags.remove("managed-by");

        HealthSweep.SweepReport report = sweep.run();

        assertThat(report.verified()).isEqualTo(1);
        assertThat(findings("vm-disks")).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(FindingSeverity.WARNING);
            assertThat(finding.message()).contains("KeyMarkRemoved").contains("tag was removed outside the app");
        });
    }

    @Test
    void driftIsRepairedBySweeping() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        DiskEncryptionSetState bound = (DiskEncryptionSetState) bed.azure.arm.target(Scenario.DES);
        bed.azure.arm.setTarget(new DiskEncryptionSetState(bound.id(), bound.location(), "Succeeded",
                bound.userAssignedIdentities(), null, false, null, null));

        sweep.run();

        DiskEncryptionSetState repaired = (DiskEncryptionSetState) bed.azure.arm.target(Scenario.DES);
        assertThat(repaired.activeKey()).isEqualTo(bound.activeKey());
    }

    @Test
    void aKeyNearExpiryThatItsPolicyWillRotateInTimeIsAWarning() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        var key = bed.azure.keyVault.key(bed.scenario.hsmUri, "shared");
        key.policy = new KeyRotationPolicy(Period.ofDays(30), null, Period.ofDays(30), Period.ofDays(60));
        KeyVersion v = key.versions.get(0);
        Instant expiry = v.createdOn().plus(Duration.ofDays(45));
        key.versions.set(0, new KeyVersion(v.version(), true, v.createdOn(), expiry, null));
        bed.azure.clock.advance(Duration.ofDays(20));

        sweep.run();

        assertThat(findings("vm-disks")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(FindingSeverity.WARNING);
            assertThat(f.message()).isEqualTo("key shared version " + v.version() + " expires at " + expiry
                    + " (within the 30-day notice window)");
        });
    }

    @Test
    void aKeyNearItsVersionCapIsAWarning() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.AUTO));
        for (int i = 0; i < KeyHorizon.VERSION_WARNING; i++) {
            bed.azure.keyVault.rotateByPolicy(bed.scenario.hsmUri, "shared");
        }

        sweep.run();

        assertThat(findings("vm-disks")).extracting(Finding::message)
                .anySatisfy(message -> assertThat(message).contains("of 100 versions"));
    }

    @Test
    void findingsOfABindingThatIsGoneAreClearedButRejectedDeliveriesStay() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.stores.findings().replaceFor("old-binding", List.of(new Finding("old-binding", FindingSeverity.WARNING,
                "stale", bed.azure.clock.instant())));
        bed.graph.rejected().record("test", "not JSON", "{oops");

        sweep.run();

        assertThat(bed.stores.findings().all()).extracting(Finding::binding).doesNotContain("old-binding")
                .contains(RejectedEvents.RECORD);
    }

    @Test
    void aConditionWaitingForMoreThanAnHourIsReported() {
        bed.graph.bindings().declare(AppTestbed.des("shared", VersionPolicy.PINNED), Optional.empty());
        bed.azure.hsms.set(Scenario.HSM, HsmProvisioningState.PROVISIONING,
                ActivationStatus.NOT_ACTIVATED);
        bed.drain();
        bed.azure.clock.advance(Duration.ofHours(2));

        sweep.run();

        assertThat(findings("vm-disks")).extracting(Finding::message)
                .anySatisfy(message -> assertThat(message).startsWith("HsmReady Waiting since"));
        assertThat(Set.copyOf(findings("vm-disks").stream().map(Finding::severity).toList()))
                .containsOnly(FindingSeverity.WARNING);
    }
}
