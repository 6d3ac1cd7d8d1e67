package com.cmkorchestrator.app;

import com.cmkorchestrator.app.events.GridEvent;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.OnDrift;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.TargetState.StorageAccountState;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.state.Finding;
import com.cmkorchestrator.state.WorkItem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A write to a bound resource by someone else: looked at at once, a finding naming them (issue 12, finding 4). */
class ResourceWriteDriftTest {

    private static final String SOMEONE = "5eb0e000-0000-4000-8000-00000000b0b0";
    private static final WorkItem.Caller THEM = new WorkItem.Caller(SOMEONE, null);

    private final AppTestbed bed = new AppTestbed();

    private void someoneRebindsTheStorageAccount() {
        bed.azure.keyVault.seedKey(bed.scenario.hsmUri, "their-key", "RSA-HSM", 2048, bed.azure.clock.instant(), null);
        StorageAccountState bound = (StorageAccountState) bed.azure.arm.target(Scenario.STORAGE);
        bed.azure.arm.setTarget(new StorageAccountState(bound.id(), bound.location(), "Succeeded",
                bound.userAssignedIdentities(), KeyRef.of(bed.scenario.hsmUri, "their-key"), bound.encryptionIdentity(),
                null, null));
    }

    private String theirWriteEvent() {
        return bed.graph.keyEvents().handle(new GridEvent.ResourceWritten("evt-1", Scenario.STORAGE,
                "Microsoft.Storage/storageAccounts/write", THEM));
    }

    private List<Finding> findings() {
        return bed.stores.findings().findingsFor("orders-storage");
    }

    @Test
    void aWriteToABoundResourceQueuesItsBindingAtOnceWithTheCaller() {
        bed.converge(AppTestbed.storage("orders-cmk", VersionPolicy.AUTO));

        String handled = theirWriteEvent();

        assertThat(handled).contains("queued a re-check of [orders-storage]").contains(SOMEONE);
        assertThat(bed.drain()).singleElement().satisfies(line -> assertThat(line).contains("changed by object ID "
                + SOMEONE));
    }

    @Test
    void aKeyChangedOutsideTheAppIsRepairedAndIsAFindingNamingTheCaller() {
        bed.converge(AppTestbed.storage("orders-cmk", VersionPolicy.AUTO));
        someoneRebindsTheStorageAccount();

        theirWriteEvent();
        bed.drain();

        BindingStatus status = bed.status("orders-storage").orElseThrow();
        assertThat(status.drift().noticedBy()).contains("evt-1").contains(SOMEONE);
        assertThat(findings()).singleElement().satisfies(finding -> assertThat(finding.message())
                .contains("changed outside the app").contains(SOMEONE).contains("repaired"));
        assertThat(((StorageAccountState) bed.azure.arm.target(Scenario.STORAGE)).key().name()).isEqualTo("orders-cmk");
    }

    @Test
    void withOnDriftReportTheChangeIsOnlyReported() {
        bed.converge(AppTestbed.storage("orders-cmk", VersionPolicy.AUTO).withOnDrift(OnDrift.REPORT));
        someoneRebindsTheStorageAccount();

        theirWriteEvent();
        bed.drain();

        assertThat(findings()).anySatisfy(finding -> assertThat(finding.message())
                .contains(SOMEONE).contains("left as found (onDrift: report)"));
        assertThat(((StorageAccountState) bed.azure.arm.target(Scenario.STORAGE)).key().name()).isEqualTo("their-key");
        assertThat(bed.graph.bindings().get("orders-storage").phase()).isEqualTo("Failed");
    }

    @Test
    void theSweepKeepsTheDriftFindingWhileTheStatusRemembersIt() {
        bed.converge(AppTestbed.storage("orders-cmk", VersionPolicy.AUTO));
        someoneRebindsTheStorageAccount();
        theirWriteEvent();
        bed.drain();

        bed.graph.healthSweep().run();

        assertThat(findings()).singleElement().satisfies(finding -> assertThat(finding.message()).contains(SOMEONE));
    }

    @Test
    void aWriteToAResourceNoBindingTargetsIsAcknowledged() {
        bed.converge(AppTestbed.storage("orders-cmk", VersionPolicy.AUTO));

        String handled = bed.graph.keyEvents().handle(new GridEvent.ResourceWritten("evt-2", Scenario.DES,
                "Microsoft.Compute/diskEncryptionSets/write", THEM));

        assertThat(handled).startsWith("acknowledged without action");
        assertThat(bed.drain()).isEmpty();
    }

    @Test
    void theAppsOwnWriteToABoundResourceNeedsNoLook() {
        bed.converge(AppTestbed.storage("orders-cmk", VersionPolicy.AUTO));

        // the app knows itself by the object ID its own token names (AppTestbed.APP_PRINCIPAL); case does not matter
        String handled = bed.graph.keyEvents().handle(new GridEvent.ResourceWritten("evt-3", Scenario.STORAGE,
                "Microsoft.Storage/storageAccounts/write",
                new WorkItem.Caller(AppTestbed.APP_PRINCIPAL.toUpperCase(java.util.Locale.ROOT), null)));

        assertThat(handled).startsWith("acknowledged without action").contains("the app's own write");
        assertThat(bed.drain()).isEmpty();
    }
}
