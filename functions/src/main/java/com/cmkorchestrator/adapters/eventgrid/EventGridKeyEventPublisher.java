package com.cmkorchestrator.adapters.eventgrid;

import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.util.BinaryData;
import com.azure.messaging.eventgrid.EventGridEvent;
import com.azure.messaging.eventgrid.EventGridPublisherClient;
import com.azure.messaging.eventgrid.EventGridPublisherClientBuilder;
import com.cmkorchestrator.adapters.AzureConnection;
import com.cmkorchestrator.adapters.PinnedOrigin;
import com.cmkorchestrator.adapters.SdkRetries;
import com.cmkorchestrator.app.bridge.BridgedKeyEvent;
import com.cmkorchestrator.app.bridge.KeyEventPublisher;

import java.net.URI;
import java.time.ZoneOffset;

/**
 * Publishes to an Event Grid custom topic (Event Grid schema) with the SDK's {@link EventGridPublisherClient}.
 * In Azure the app's managed identity authenticates (it needs "EventGrid Data Sender" on the topic); the local
 * emulator's topics take an access key. A publish that fails is not retried here: the bridge's next run
 * publishes what is still unpublished.
 */
public final class EventGridKeyEventPublisher implements KeyEventPublisher {

    /** The data schema version Key Vault's key events carry. */
    static final String DATA_VERSION = "1";

    private final EventGridPublisherClient<EventGridEvent> client;

    private EventGridKeyEventPublisher(EventGridPublisherClient<EventGridEvent> client) {
        this.client = client;
    }

    /**
     * Microsoft Entra ID authentication, as the app's managed identity: tokens for Event Grid only, sent to the
     * topic's own endpoint only.
     */
    public static EventGridKeyEventPublisher withIdentity(URI topicEndpoint, AzureConnection azure) {
        return new EventGridKeyEventPublisher(new EventGridPublisherClientBuilder()
                .endpoint(topicEndpoint.toString()).credential(azure.credentialFor(AzureConnection.EVENT_GRID_SCOPE))
                .addPolicy(PinnedOrigin.to(topicEndpoint)).retryOptions(SdkRetries.OFF)
                .buildEventGridEventPublisherClient());
    }

    /** Access-key authentication ({@code aeg-sas-key}), for the emulator's topics; {@code httpClient} trusts it. */
    public static EventGridKeyEventPublisher withAccessKey(URI topicEndpoint, String key, HttpClient httpClient) {
        return new EventGridKeyEventPublisher(new EventGridPublisherClientBuilder()
                .endpoint(topicEndpoint.toString()).credential(new AzureKeyCredential(key)).httpClient(httpClient)
                .retryOptions(SdkRetries.OFF).buildEventGridEventPublisherClient());
    }

    @Override
    public void publish(BridgedKeyEvent event) {
        EventGridEvent gridEvent = new EventGridEvent(event.subject(), event.id().kind().eventType(),
                BinaryData.fromObject(KeyVaultEventJson.write(event.data())), DATA_VERSION)
                .setId(event.eventId())
                .setEventTime(event.time().atOffset(ZoneOffset.UTC));
        client.sendEvent(gridEvent);
    }
}
