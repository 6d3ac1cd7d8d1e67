package com.cmkorchestrator.app.health;

import com.cmkorchestrator.app.AppTestbed;
import com.cmkorchestrator.app.RejectedEvents;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.ActivationStatus;
import com.cmkorchestrator.core.ports.HsmProvisioningState;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.core.ports.TargetState.DiskEncryptionSetState;
import com.cmkorchestrator.core.ports.TargetState.StorageAccountState;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.Reason;
import com.cmkorchestrator.state.Finding;
import com.cmkorchestrator.state.FindingSeverity;
import com.cmkorchestrator.state.FindingStore;
import com.cmkorchestrator.state.StateStores;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

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

    /**
     * Defect (the 10,000-binding sweep took five minutes): every binding's findings were replaced one by one, a table
     * delete of nothing for each healthy binding. Now only what changes is written: findings to record or to clear.
     */
    @Test
    void findingsAreWrittenOnlyWhereThereIsSomethingToRecordOrToClear() {
        bed.converge(AppTestbed.storage("shared", VersionPolicy.PINNED));
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        List<String> replaced = new CopyOnWriteArrayList<>();
        HealthSweep sweep = bed.instance(withFindings(bed.stores, new RecordingFindings(bed.stores.findings(),
                replaced))).healthSweep();

        sweep.run();
        assertThat(replaced).as("healthy bindings, nothing recorded before").isEmpty();

        bed.azure.keyVault.key(bed.scenario.hsmUri, "shared").tags.remove("managed-by");
        sweep.run();
        assertThat(replaced).containsExactlyInAnyOrder("orders-storage", "vm-disks");

        bed.azure.keyVault.key(bed.scenario.hsmUri, "shared").tags.put("managed-by", "cmk-orchestrator");
        replaced.clear();
        sweep.run();
        assertThat(replaced).as("cleared").containsExactlyInAnyOrder("orders-storage", "vm-disks");
        assertThat(findings("vm-disks")).isEmpty();

        replaced.clear();
        sweep.run();
        assertThat(replaced).isEmpty();
    }

    private static StateStores withFindings(StateStores stores, FindingStore findings) {
        return new StateStores(stores.bindings(), stores.hsmRequests(), stores.watermarks(), findings, stores.leases(),
                stores.pacing(), stores.ownedKeys(), stores.pending(), stores.slots());
    }

    /** The real store, noting which bindings' findings were replaced. */
    private record RecordingFindings(FindingStore store, List<String> replaced) implements FindingStore {
        @Override
        public void replaceFor(String binding, List<Finding> findings) {
            replaced.add(binding);
            store.replaceFor(binding, findings);
        }

        @Override
        public List<Finding> findingsFor(String binding) {
            return store.findingsFor(binding);
        }

        @Override
        public List<Finding> all() {
            return store.all();
        }
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
    void aSweepOfHealthyBindingsReadsOneListingPerKindAndEachKeyOnceButNoResource() {
        bed.converge(AppTestbed.storage("shared", VersionPolicy.PINNED));
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.converge(AppTestbed.databricks("shared", VersionPolicy.PINNED));
        bed.azure.log.clear();

        HealthSweep.SweepReport report = sweep.run();

        assertThat(report.verified()).isEqualTo(3);
        assertThat(report.rechecked()).isZero();
        assertThat(bed.azure.log.count("target.read")).isZero();
        assertThat(bed.azure.log.count("target.list")).isEqualTo(3);
        assertThat(bed.azure.log.count("key.get")).isEqualTo(1);
        assertThat(bed.azure.log.count("hsm.get")).isEqualTo(1);
    }

    @Test
    void aResourceLeftOnAnOldVersionByAMissedEventIsReboundBySweeping() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        KeyVersion rotated = bed.azure.keyVault.rotateByPolicy(bed.scenario.hsmUri, "shared");

        HealthSweep.SweepReport report = sweep.run();

        assertThat(report.rechecked()).isEqualTo(1);
        DiskEncryptionSetState des = (DiskEncryptionSetState) bed.azure.arm.target(Scenario.DES);
        assertThat(des.activeKey().version()).isEqualTo(rotated.version());
        assertThat(bed.status("vm-disks").orElseThrow().cause())
                .isEqualTo("health sweep: activeKey is on version " + bed.azure.keyVault.key(bed.scenario.hsmUri,
                        "shared").versions.get(0).version() + "; the latest is " + rotated.version());
    }

    @Test
    void aVersionTheServicePickedUpByItselfIsRecordedBySweeping() {
        bed.converge(AppTestbed.storage("shared", VersionPolicy.AUTO));
        KeyVersion rotated = bed.azure.keyVault.rotateByPolicy(bed.scenario.hsmUri, "shared");
        StorageAccountState account = (StorageAccountState) bed.azure.arm.target(Scenario.STORAGE);
        bed.azure.arm.setTarget(new StorageAccountState(account.id(), account.location(), "Succeeded",
                account.userAssignedIdentities(), account.key(), account.encryptionIdentity(),
                account.key().withVersion(rotated.version()), bed.azure.clock.instant()));
        bed.azure.log.clear();

        sweep.run();

        assertThat(bed.status("orders-storage").orElseThrow().versionInUse(KeySlot.STORAGE_ENCRYPTION))
                .contains(rotated.version());
        assertThat(bed.azure.log.writes()).isEmpty();
    }

    @Test
    void aResourceMissingFromTheListingIsReCheckedAndReported() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.azure.arm.removeTarget(Scenario.DES);

        sweep.run();

        assertThat(bed.status("vm-disks").orElseThrow().firstUnmet())
                .hasValueSatisfying(c -> assertThat(c.reason()).isEqualTo(Reason.TARGET_NOT_FOUND));
        assertThat(findings("vm-disks")).extracting(Finding::message)
                .anySatisfy(message -> assertThat(message).contains("TargetNotFound"));
    }

    @Test
    void aBindingWhoseReCheckIsOverdueIsReCheckedBySweeping() {
        BindingStatus converged = bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.azure.clock.advance(Duration.between(bed.azure.clock.instant(), converged.nextCheckAt()).plusMinutes(1));

        HealthSweep.SweepReport report = sweep.run();

        assertThat(report.rechecked()).isEqualTo(1);
        assertThat(bed.status("vm-disks").orElseThrow().cause())
                .isEqualTo("health sweep: its re-check was due at " + converged.nextCheckAt());
    }

    @Test
    void aListingThatFailsLeavesItsBindingsAndTheirFindingsToTheNextSweep() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.azure.arm.removeTarget(Scenario.DES);
        bed.azure.log.failNext("target.list", new AzureCallException("list", 429, "SubscriptionRequestsThrottled",
                "too many requests"));
        bed.azure.log.clear();

        HealthSweep.SweepReport report = sweep.run();

        assertThat(report.unlisted()).isEqualTo(1);
        assertThat(report.rechecked()).isZero();
        assertThat(bed.azure.log.count("target.read")).isZero();
        assertThat(bed.status("vm-disks").orElseThrow().isReady()).isTrue();
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
