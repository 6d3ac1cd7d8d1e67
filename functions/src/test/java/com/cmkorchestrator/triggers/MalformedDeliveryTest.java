package com.cmkorchestrator.triggers;

import com.cmkorchestrator.app.AppTestbed;
import com.cmkorchestrator.app.RejectedEvents;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.state.Finding;
import com.cmkorchestrator.state.ReconcileQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Event Grid and queue deliveries that cannot be read: each returns normally (an exception would make the host
 * deliver it again, to fail the same way), is recorded where an operator finds it, and queues no work.
 */
class MalformedDeliveryTest {

    private AppTestbed bed;

    /** One unreadable delivery: the function it reaches, what it carries, and what the record must say. */
    record Delivery(String description, BiConsumer<Triggers, String> function, String source, String payload,
                    String reason) {
        @Override
        public String toString() {
            return description;
        }
    }

    @BeforeEach
    void install() {
        bed = new AppTestbed();
        // a managed key, so that a readable event about it would queue work
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.queue.receive(ReconcileQueue.MAX_RECEIVE, Duration.ofMinutes(5));
    }

    private static String gridEvent(String envelopeFields, String type, String data) {
        return """
                {"id": "e1", %s "eventType": "%s", "dataVersion": "1", "data": %s}"""
                .formatted(envelopeFields, type, data);
    }

    private static String keyEvent(String type, String data) {
        return gridEvent("\"subject\": \"shared\", \"eventTime\": \"2026-03-01T08:00:00Z\",", type, data);
    }

    private static Delivery onKeyEvent(String description, String payload, String reason) {
        return new Delivery(description, (functions, event) -> functions.events().onKeyEvent(event, TestRequest.CONTEXT),
                "Event Grid OnKeyEvent", payload, reason);
    }

    static Stream<Delivery> deliveries() {
        String nearExpiry = "Microsoft.KeyVault.KeyNearExpiry";
        return Stream.of(
                onKeyEvent("data that is a string, not an object", keyEvent(nearExpiry, "\"shared\""),
                        "has no data object"),
                onKeyEvent("an eventTime that is no time", gridEvent("\"subject\": \"shared\", \"eventTime\": "
                        + "\"yesterday\",", nearExpiry, "{}"), "not an Event Grid schema event"),
                onKeyEvent("a subject that is no string", """
                        {"id": "e1", "subject": [], "eventType": "%s", "eventTime": "2026-03-01T08:00:00Z",
                         "dataVersion": "1", "data": {}}""".formatted(nearExpiry), "not an Event Grid schema event"),
                onKeyEvent("a CloudEvent time that is no time", """
                        {"specversion": "1.0", "id": "c1", "source": "/x", "type": "%s", "time": "soon",
                         "data": {"VaultName": "contoso-hsm", "ObjectName": "shared"}}""".formatted(nearExpiry),
                        "not a CloudEvent 1.0"),
                onKeyEvent("a key name Key Vault cannot have", keyEvent(nearExpiry,
                        "{\"VaultName\": \"contoso-hsm\", \"ObjectName\": \"sha red\"}"), "data.ObjectName"),
                onKeyEvent("a key version Key Vault cannot have", keyEvent("Microsoft.KeyVault.KeyNewVersionCreated",
                        "{\"VaultName\": \"contoso-hsm\", \"ObjectName\": \"shared\", \"Version\": \"" + "v".repeat(600)
                                + "\"}"), "data.Version"),
                new Delivery("a queue message that is JSON null", (functions, message) -> functions.queue().reconcile(message,
                        "m1", "r1", 1, TestRequest.CONTEXT), "queue cmk-reconcile", "null", "not a work item"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deliveries")
    void isAcknowledgedRecordedAndQueuesNothing(Delivery bad) {
        assertThatCode(() -> bad.function().accept(Triggers.over(bed.graph), bad.payload())).doesNotThrowAnyException();

        List<Finding> rejected = bed.stores.findings().findingsFor(RejectedEvents.RECORD);
        assertThat(rejected).singleElement().satisfies(finding -> assertThat(finding.message())
                .startsWith(bad.source() + ": ").contains(bad.reason()));
        assertThat(bed.queue.receive(ReconcileQueue.MAX_RECEIVE, Duration.ofSeconds(1))).isEmpty();
    }
}
