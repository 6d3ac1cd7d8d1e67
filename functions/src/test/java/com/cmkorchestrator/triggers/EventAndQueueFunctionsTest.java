package com.cmkorchestrator.triggers;

import com.cmkorchestrator.app.AppTestbed;
import com.cmkorchestrator.app.RejectedEvents;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.state.Finding;
import com.cmkorchestrator.state.ReceivedWork;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.WorkItem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EventAndQueueFunctionsTest {

    private final AppTestbed bed = new AppTestbed();


    private List<Finding> rejected() {
        return bed.stores.findings().findingsFor(RejectedEvents.RECORD);
    }

    @Test
    void anUnreadableEventIsRecordedForAnOperatorAndAcknowledged() {
        Triggers.over(bed.graph).events().onKeyEvent("{\"id\": \"1\", \"eventType\": \"Microsoft.KeyVault.KeyExpired\"}",
                TestRequest.CONTEXT);

        assertThat(rejected()).singleElement().satisfies(finding -> assertThat(finding.message())
                .startsWith("Event Grid OnKeyEvent: not an Event Grid schema event").contains("\"id\": \"1\""));
    }

    @Test
    void aKeyEventQueuesOneLookAtTheKey() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        String version = bed.azure.keyVault.rotateByPolicy(bed.scenario.hsmUri, "shared").version();

        Triggers.over(bed.graph).events().onKeyEvent("""
                {"id": "e1", "subject": "shared", "eventType": "Microsoft.KeyVault.KeyNewVersionCreated",
                 "eventTime": "2026-03-01T08:00:00Z", "dataVersion": "1",
                 "data": {"Id": "%skeys/shared/%s", "VaultName": "contoso-hsm", "ObjectType": "Key",
                          "ObjectName": "shared", "Version": "%s"}}"""
                .formatted(bed.scenario.hsmUri, version, version), TestRequest.CONTEXT);

        assertThat(bed.queue.receive(ReconcileQueue.MAX_RECEIVE, Duration.ofSeconds(1)))
                .singleElement().satisfies(work -> assertThat(work.item().target()).isEqualTo("hsm contoso-hsm/key shared"));
        assertThat(rejected()).isEmpty();
    }

    @Test
    void anHsmWriteWithAnOverlongEventIdStillQueuesTheHsm() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));

        // the event's ID goes into the work item's reason, which a queue item keeps short
        Triggers.over(bed.graph).events().onResourceWrite("""
                {"id": "%s", "subject": "contoso-hsm", "eventType": "Microsoft.Resources.ResourceWriteSuccess",
                 "eventTime": "2026-03-01T08:00:00Z", "dataVersion": "1",
                 "data": {"resourceUri": "%s", "operationName": "Microsoft.KeyVault/managedHSMs/write"}}"""
                .formatted("e".repeat(600), Scenario.HSM), TestRequest.CONTEXT);

        assertThat(bed.queue.receive(ReconcileQueue.MAX_RECEIVE, Duration.ofSeconds(1)))
                .extracting(work -> work.item().hsm()).containsExactly("contoso-hsm");
        assertThat(rejected()).isEmpty();
    }

    @Test
    void aQueueMessageThatIsNoWorkItemIsRecordedAndDropped() {
        Triggers.over(bed.graph).queue().reconcile("{\"hello\": 1}", "m1", "r1", 1, TestRequest.CONTEXT);

        assertThat(rejected()).singleElement().satisfies(finding ->
                assertThat(finding.message()).startsWith("queue cmk-reconcile: not a work item"));
    }

    @Test
    void theQueueFunctionRunsOnePassWithTheMessagesReceipt() {
        bed.graph.bindings().declare(AppTestbed.des("shared", VersionPolicy.PINNED), Optional.empty());
        ReceivedWork work = bed.queue.receive(1, Duration.ofMinutes(5)).get(0);

        Triggers.over(bed.graph).queue().reconcile(work.item().toJson(), work.messageId(), work.popReceipt(), work.dequeueCount(),
                TestRequest.CONTEXT);

        assertThat(bed.status("vm-disks")).isPresent();
        assertThat(WorkItem.fromJson(work.item().toJson()).binding()).isEqualTo("vm-disks");
    }
}
