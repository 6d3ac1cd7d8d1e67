package com.cmkorchestrator.emulator.eventgrid;

import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.models.CloudEvent;
import com.azure.core.models.CloudEventDataFormat;
import com.azure.core.util.BinaryData;
import com.azure.messaging.eventgrid.EventGridEvent;
import com.azure.messaging.eventgrid.EventGridPublisherClient;
import com.azure.messaging.eventgrid.EventGridPublisherClientBuilder;
import com.cmkorchestrator.emulator.support.AzureClients;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.RawHttp;
import com.cmkorchestrator.emulator.support.WebhookSubscriber;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A custom topic driven by the real {@code EventGridPublisherClient}, delivered to a webhook. */
class CustomTopicTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private EmulatorFixture fixture;
    private WebhookSubscriber subscriber;

    @BeforeEach
    void start() {
        fixture = EmulatorFixture.withFakeHsms();
        subscriber = new WebhookSubscriber();
    }

    @AfterEach
    void stop() {
        fixture.close();
        subscriber.close();
    }

    @Test
    void eventGridSchemaEventsArePublishedAndDeliveredWithTheTopicsId() throws InterruptedException {
        CustomTopic topic = fixture.emulator.eventGrid().createTopic("key-events", "eventgrid", EventSchema.EVENT_GRID);
        subscribe(topic, EventSchema.EVENT_GRID);

        publisher(topic, topic.key()).sendEvents(List.of(new EventGridEvent("/keys/cmk",
                "Microsoft.KeyVault.KeyNewVersionCreated", BinaryData.fromObject(Map.of("ObjectName", "cmk")), "1")));

        JsonNode event = subscriber.awaitEvents(1, WAIT).get(0);
        assertThat(event.path("topic").asText()).isEqualTo(topic.armId());
        assertThat(event.path("eventType").asText()).isEqualTo("Microsoft.KeyVault.KeyNewVersionCreated");
        assertThat(event.path("data").path("ObjectName").asText()).isEqualTo("cmk");
    }

    @Test
    void cloudEventsArePublishedToACloudEventsTopicAfterTheAbuseProtectionHandshake() throws InterruptedException {
        CustomTopic topic = fixture.emulator.eventGrid().createTopic("cloud-events", "eventgrid", EventSchema.CLOUD_EVENTS);
        subscribe(topic, EventSchema.CLOUD_EVENTS);

        cloudPublisher(topic).sendEvents(List.of(new CloudEvent("/hsm/keys/cmk", "KeyNearExpiry",
                BinaryData.fromObject(Map.of("days", 30)), CloudEventDataFormat.JSON, "application/json")));

        assertThat(subscriber.received().get(0).method()).isEqualTo("OPTIONS");
        JsonNode event = subscriber.awaitEvents(1, WAIT).get(0);
        assertThat(event.path("specversion").asText()).isEqualTo("1.0");
        assertThat(event.path("type").asText()).isEqualTo("KeyNearExpiry");
        assertThat(event.path("source").asText()).isEqualTo("/hsm/keys/cmk");
        assertThat(subscriber.received().get(1).header("Content-Type")).startsWith("application/cloudevents+json");
    }

    @Test
    void aWrongKeyIsUnauthorized() {
        CustomTopic topic = fixture.emulator.eventGrid().createTopic("locked", "eventgrid", EventSchema.EVENT_GRID);

        assertThatThrownBy(() -> publisher(topic, "bm90IHRoZSBrZXk=").sendEvents(List.of(
                new EventGridEvent("s", "t", BinaryData.fromString("{}"), "1"))))
                .isInstanceOfSatisfying(HttpResponseException.class, e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(401));
    }

    @Test
    void anEventWithoutATypeIsRefusedAndNothingIsDelivered() throws InterruptedException {
        CustomTopic topic = fixture.emulator.eventGrid().createTopic("strict", "eventgrid", EventSchema.EVENT_GRID);
        subscribe(topic, EventSchema.EVENT_GRID);
        String batch = "[{\"id\":\"1\",\"subject\":\"s\",\"eventType\":\"ok\",\"eventTime\":\"" + OffsetDateTime.now()
                + "\",\"dataVersion\":\"1\"},{\"id\":\"2\",\"subject\":\"s\",\"eventTime\":\"" + OffsetDateTime.now()
                + "\",\"dataVersion\":\"1\"}]";

        RawHttp.Answer answer = publishRaw(topic, batch);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("BadRequest");
        assertThat(answer.json().path("error").path("message").asText()).contains("eventType");
        fixture.emulator.eventGrid().deliveries().awaitQuiet(WAIT);
        assertThat(subscriber.events()).isEmpty();
    }

    @Test
    void aBodyThatIsNotJsonIsBadRequest() {
        CustomTopic topic = fixture.emulator.eventGrid().createTopic("garbled", "eventgrid", EventSchema.EVENT_GRID);

        RawHttp.Answer answer = publishRaw(topic, "[{not json");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("error").path("details").get(0).path("code").asText()).isEqualTo("InputJsonInvalid");
    }

    @Test
    void withReorderingEventsPublishedTogetherArriveNewestFirst() throws InterruptedException {
        fixture.emulator.setFaults(fixture.emulator.faults().withEventReordering(true));
        CustomTopic topic = fixture.emulator.eventGrid().createTopic("shuffled", "eventgrid", EventSchema.EVENT_GRID);
        subscribe(topic, EventSchema.EVENT_GRID);

        publisher(topic, topic.key()).sendEvents(List.of(event("first"), event("second"), event("third")));

        List<JsonNode> events = subscriber.awaitEvents(3, WAIT);
        assertThat(events).extracting(e -> e.path("subject").asText()).containsExactly("third", "second", "first");
    }

    @Test
    void aSubscriberThatDoesNotAnswerInTimeGetsTheEventAgain() throws InterruptedException {
        try (EmulatorFixture impatient = EmulatorFixture.withFakeHsms(o -> o.withEventDeliveryTimeout(Duration.ofMillis(300)))) {
            CustomTopic topic = impatient.emulator.eventGrid().createTopic("slow", "eventgrid", EventSchema.EVENT_GRID);
            impatient.emulator.eventGrid().subscribe(new EventSubscription("slow-sub", topic.armId(), subscriber.url(), List.of(),
                    "", "", EventSchema.EVENT_GRID, 5, Duration.ofDays(1)), false);
            subscriber.answerAfter(Duration.ofMillis(600));

            new EventGridPublisherClientBuilder().endpoint(endpoint(impatient, topic)).credential(new AzureKeyCredential(topic.key()))
                    .httpClient(AzureClients.httpClient(impatient.emulator)).buildEventGridEventPublisherClient()
                    .sendEvents(List.of(event("slow")));
            impatient.emulator.eventGrid().deliveries().awaitQuiet(WAIT);
            subscriber.answerAfter(Duration.ZERO);
            impatient.emulator.clock().advance(Duration.ofSeconds(10));
            impatient.emulator.eventGrid().deliveries().awaitQuiet(WAIT);

            assertThat(impatient.emulator.eventGrid().deliveries().records()).extracting(DeliveryRecord::status)
                    .containsExactly(0, 200);
        }
    }

    private static EventGridEvent event(String subject) {
        return new EventGridEvent(subject, "Test.Event", BinaryData.fromObject(Map.of("n", subject)), "1");
    }

    private void subscribe(CustomTopic topic, EventSchema schema) {
        fixture.emulator.eventGrid().subscribe(new EventSubscription("sub-" + topic.name(), topic.armId(), subscriber.url(),
                List.of(), "", "", schema, 30, Duration.ofDays(1)), null);
    }

    private EventGridPublisherClient<EventGridEvent> publisher(CustomTopic topic, String key) {
        return new EventGridPublisherClientBuilder().endpoint(endpoint(fixture, topic)).credential(new AzureKeyCredential(key))
                .httpClient(AzureClients.httpClient(fixture.emulator)).buildEventGridEventPublisherClient();
    }

    private EventGridPublisherClient<CloudEvent> cloudPublisher(CustomTopic topic) {
        return new EventGridPublisherClientBuilder().endpoint(endpoint(fixture, topic)).credential(new AzureKeyCredential(topic.key()))
                .httpClient(AzureClients.httpClient(fixture.emulator)).buildCloudEventPublisherClient();
    }

    private static String endpoint(EmulatorFixture fixture, CustomTopic topic) {
        return URI.create(fixture.emulator.armEndpoint().toString()).resolve(topic.publishPath().substring(1)).toString();
    }

    private RawHttp.Answer publishRaw(CustomTopic topic, String body) {
        return fixture.raw.sendWithHeaders("POST", topic.publishPath() + "?api-version=2018-01-01", body,
                Map.of("aeg-sas-key", topic.key()));
    }
}
