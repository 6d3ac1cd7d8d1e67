package com.cmkorchestrator.state.azure;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.WorkItem;
import com.cmkorchestrator.testsupport.Azurite;
import com.cmkorchestrator.testsupport.AzuriteExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** How the queue looks on the wire: what the Functions queue trigger and other producers see. */
@ExtendWith(AzuriteExtension.class)
class StorageQueueWireTest {

    private final Azurite azurite;
    private ReconcileQueue queue;
    private QueueClient raw;

    StorageQueueWireTest(Azurite azurite) {
        this.azurite = azurite;
    }

    @BeforeEach
    void setUp() {
        String name = Azurite.uniqueQueueName();
        queue = AzureState.reconcileQueue(azurite.queueServiceClient(), name, 3);
        // no encoding: sees message text exactly as stored
        raw = new QueueClientBuilder().connectionString(azurite.connectionString()).queueName(name)
                .messageEncoding(QueueMessageEncoding.NONE).buildClient();
    }

    @Test
    void aWorkItemIsStoredAsBase64JsonAsTheFunctionsQueueTriggerExpects() {
        WorkItem item = WorkItem.forBinding("orders-db", "created");

        queue.enqueue(item);

        String stored = raw.peekMessage().getBody().toString();
        assertThat(new String(Base64.getDecoder().decode(stored), StandardCharsets.UTF_8)).isEqualTo(item.toJson());
    }

    @Test
    void aMessageThatIsNotAWorkItemIsMovedToThePoisonQueueAsItIs() {
        String notWorkItem = "{\"bindingName\":\"orders-db\"}";
        raw.sendMessage(Base64.getEncoder().encodeToString(notWorkItem.getBytes(StandardCharsets.UTF_8)));

        assertThat(queue.receive(5, Duration.ofSeconds(30))).isEmpty();

        assertThat(queue.peekPoison(5)).containsExactly(notWorkItem);
        assertThat(raw.peekMessage()).isNull();
    }

    @Test
    void aMessageThatIsNotBase64IsMovedToThePoisonQueueAsItIs() {
        raw.sendMessage("plain text, not base64!");

        assertThat(queue.receive(5, Duration.ofSeconds(30))).isEmpty();

        assertThat(queue.peekPoison(5)).containsExactly("plain text, not base64!");
        assertThat(raw.peekMessage()).isNull();
    }

    @Test
    void goodItemsNextToABadMessageAreStillReceived() {
        raw.sendMessage("garbage");
        queue.enqueue(WorkItem.forHsm("contoso", "HSM provisioned"));

        assertThat(queue.receive(5, Duration.ofSeconds(30)))
                .extracting(work -> work.item().hsm()).containsExactly("contoso");
    }
}
