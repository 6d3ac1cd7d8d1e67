package com.cmkorchestrator.emulator.eventgrid;

import com.azure.resourcemanager.msi.models.Identity;
import com.cmkorchestrator.emulator.support.ArmScenario;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.Principals;
import com.cmkorchestrator.emulator.support.RawHttp;
import com.cmkorchestrator.emulator.support.WebhookSubscriber;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ARM's Microsoft.Resources events on the resource group and subscription topics, delivered to a webhook. */
class ResourceEventDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private EmulatorFixture fixture;
    private ArmScenario arm;
    private WebhookSubscriber subscriber;
    private String subscription;

    @BeforeEach
    void start() {
        fixture = EmulatorFixture.withFakeHsms();
        arm = new ArmScenario(fixture);
        subscriber = new WebhookSubscriber();
        subscription = fixture.emulator.options().subscriptionId();
        arm.group("events-rg");
    }

    @AfterEach
    void stop() {
        fixture.close();
        subscriber.close();
    }

    @Test
    void aSubscriptionIsCreatedOnlyAfterTheValidationHandshake() {
        RawHttp.Answer created = subscribe("handshake", "/subscriptions/" + subscription + "/resourceGroups/events-rg", "");

        assertThat(created.status()).isEqualTo(201);
        WebhookSubscriber.Received validation = subscriber.received().get(0);
        assertThat(validation.header("aeg-event-type")).isEqualTo("SubscriptionValidation");
        assertThat(validation.body().get(0).path("eventType").asText()).isEqualTo("Microsoft.EventGrid.SubscriptionValidationEvent");
        assertThat(validation.body().get(0).path("data").path("validationCode").asText()).isNotBlank();
    }

    @Test
    void anEndpointThatDoesNotEchoTheCodeIsRefused() {
        subscriber.refuseValidation();

        RawHttp.Answer refused = subscribe("refused", "/subscriptions/" + subscription, "");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("error").path("message").asText()).contains("Webhook validation handshake failed");
        assertThat(fixture.emulator.eventGrid().subscriptions()).isEmpty();
    }

    @Test
    void anArmWriteIsDeliveredAsResourceWriteSuccess() throws InterruptedException {
        subscribe("writes", "/subscriptions/" + subscription + "/resourceGroups/events-rg", "");

        Identity identity = arm.identity("events-rg", "uami-evented");

        JsonNode event = subscriber.awaitEvents(1, WAIT).get(0);
        assertThat(event.path("eventType").asText()).isEqualTo("Microsoft.Resources.ResourceWriteSuccess");
        assertThat(event.path("topic").asText()).isEqualTo("/subscriptions/" + subscription + "/resourceGroups/events-rg");
        assertThat(event.path("subject").asText()).isEqualTo(identity.id());
        JsonNode data = event.path("data");
        assertThat(data.path("resourceUri").asText()).isEqualTo(identity.id());
        assertThat(data.path("operationName").asText()).isEqualTo("Microsoft.ManagedIdentity/userAssignedIdentities/write");
        assertThat(data.path("status").asText()).isEqualTo("Succeeded");
        assertThat(data.path("resourceProvider").asText()).isEqualTo("Microsoft.ManagedIdentity");
        assertThat(data.path("subscriptionId").asText()).isEqualTo(subscription);
        assertThat(data.path("tenantId").asText()).isEqualTo(fixture.emulator.options().tenantId());
        assertThat(data.path("httpRequest").path("method").asText()).isEqualTo("PUT");
        assertThat(data.path("claims").path("http://schemas.microsoft.com/identity/claims/objectidentifier").asText())
                .isEqualTo(Principals.DEPLOYER);
        assertThat(data.path("correlationId").asText()).isNotBlank();
        assertThat(data.path("authorization").path("action").asText()).isEqualTo(data.path("operationName").asText());
    }

    @Test
    void aDeleteIsDeliveredAsResourceDeleteSuccess() throws InterruptedException {
        Identity identity = arm.identity("events-rg", "uami-deleted");
        subscribe("deletes", "/subscriptions/" + subscription + "/resourceGroups/events-rg", "");

        fixture.azure.msi(Principals.DEPLOYER).identities().deleteById(identity.id());

        JsonNode event = subscriber.awaitEvents(1, WAIT).get(0);
        assertThat(event.path("eventType").asText()).isEqualTo("Microsoft.Resources.ResourceDeleteSuccess");
        assertThat(event.path("data").path("operationName").asText()).isEqualTo("Microsoft.ManagedIdentity/userAssignedIdentities/delete");
    }

    @Test
    void theSubscriptionTopicSeesEveryGroupAndFiltersApply() throws InterruptedException {
        arm.group("other-rg");
        subscribe("filtered", "/subscriptions/" + subscription,
                ",\"includedEventTypes\":[\"Microsoft.Resources.ResourceWriteSuccess\"],"
                        + "\"subjectBeginsWith\":\"/subscriptions/" + subscription + "/resourceGroups/other-rg/\"");

        arm.identity("events-rg", "uami-ignored");
        Identity wanted = arm.identity("other-rg", "uami-wanted");

        List<JsonNode> events = subscriber.awaitEvents(1, WAIT);
        fixture.emulator.eventGrid().deliveries().awaitQuiet(WAIT);
        assertThat(subscriber.events()).hasSize(1);
        assertThat(events.get(0).path("subject").asText()).isEqualTo(wanted.id());
        assertThat(events.get(0).path("topic").asText()).isEqualTo("/subscriptions/" + subscription);
    }

    @Test
    void aDeliveryEventGridCannotMakeIsRetriedOnItsSchedule() throws InterruptedException {
        subscriber.thenAnswer(500);
        subscribe("retried", "/subscriptions/" + subscription, "");

        arm.identity("events-rg", "uami-retried");
        fixture.emulator.eventGrid().deliveries().awaitQuiet(WAIT);
        assertThat(subscriber.events()).hasSize(1);
        fixture.emulator.clock().advance(Duration.ofSeconds(10));

        List<WebhookSubscriber.Received> notifications = awaitNotifications(2);
        assertThat(notifications).extracting(r -> r.header("aeg-delivery-count")).containsExactly("0", "1");
        assertThat(fixture.emulator.eventGrid().deliveries().records()).extracting(DeliveryRecord::status).containsExactly(500, 200);
    }

    @Test
    void afterTheLastAttemptTheEventIsDeadLettered() throws InterruptedException {
        subscriber.answerWith(503);
        subscribe("dead", "/subscriptions/" + subscription, ",\"maxDeliveryAttempts\":2");

        arm.identity("events-rg", "uami-dead");
        fixture.emulator.eventGrid().deliveries().awaitQuiet(WAIT);
        fixture.emulator.clock().advance(Duration.ofSeconds(30));
        fixture.emulator.eventGrid().deliveries().awaitQuiet(WAIT);

        RawHttp.Answer deadLetters = fixture.raw.admin("GET", "/eventgrid/deadletters", null);
        assertThat(deadLetters.json().path("value")).hasSize(1);
        JsonNode deadLetter = deadLetters.json().path("value").get(0);
        assertThat(deadLetter.path("reason").asText()).isEqualTo("MaxDeliveryAttemptsExceeded");
        assertThat(deadLetter.path("deliveryAttempts").asInt()).isEqualTo(2);
        assertThat(deadLetter.path("lastStatus").asInt()).isEqualTo(503);
    }

    @Test
    void aBadRequestAnswerIsDeadLetteredWithoutRetry() throws InterruptedException {
        subscriber.answerWith(400);
        subscribe("rejected", "/subscriptions/" + subscription, "");

        arm.identity("events-rg", "uami-rejected");
        fixture.emulator.eventGrid().deliveries().awaitQuiet(WAIT);
        fixture.emulator.clock().advance(Duration.ofHours(1));
        fixture.emulator.eventGrid().deliveries().awaitQuiet(WAIT);

        assertThat(subscriber.events()).hasSize(1);
        assertThat(fixture.emulator.eventGrid().deliveries().deadLetters()).extracting(DeadLetter::reason).containsExactly("DeliveryFailed");
    }

    @Test
    void withDuplicationOnEveryEventArrivesTwiceWithTheSameId() throws InterruptedException {
        fixture.emulator.setFaults(fixture.emulator.faults().withEventDuplicationRate(1.0));
        subscribe("twice", "/subscriptions/" + subscription, "");

        arm.identity("events-rg", "uami-twice");

        List<JsonNode> events = subscriber.awaitEvents(2, WAIT);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).path("id").asText()).isEqualTo(events.get(1).path("id").asText());
    }

    @Test
    void aManagedHsmWriteIsAnnouncedWhenProvisioningSucceedsNotWhenItStarts() throws InterruptedException {
        try (EmulatorFixture slow = EmulatorFixture.withFakeHsms(o -> o.withHsmProvisioningDuration(Duration.ofMinutes(20)))) {
            ArmScenario slowArm = new ArmScenario(slow);
            slowArm.group("hsm-rg");
            slow.emulator.eventGrid().subscribe(new EventSubscription("hsm-writes", "/subscriptions/" + subscription,
                    subscriber.url(), List.of(), "", "", EventSchema.EVENT_GRID, 30, Duration.ofDays(1)), false);

            slowArm.keyVault().serviceClient().getManagedHsms().beginCreateOrUpdate("hsm-rg", "hsm-announced",
                    slowArm.hsmDefinition(null));
            slow.emulator.eventGrid().deliveries().awaitQuiet(WAIT);
            assertThat(subscriber.events()).isEmpty();
            slow.emulator.clock().advance(Duration.ofMinutes(20));

            JsonNode event = subscriber.awaitEvents(1, WAIT).get(0);
            assertThat(event.path("data").path("operationName").asText()).isEqualTo("Microsoft.KeyVault/managedHSMs/write");
            assertThat(event.path("subject").asText()).endsWith("/managedHSMs/hsm-announced");
        }
    }

    private List<WebhookSubscriber.Received> awaitNotifications(int count) throws InterruptedException {
        subscriber.awaitEvents(count, WAIT);
        return subscriber.received().stream().filter(r -> "Notification".equals(r.header("aeg-event-type"))).toList();
    }

    private RawHttp.Answer subscribe(String name, String topic, String extra) {
        return fixture.raw.admin("POST", "/eventgrid/subscriptions", "{\"name\":\"" + name + "\",\"topic\":\"" + topic
                + "\",\"endpointUrl\":\"" + subscriber.url() + "\"" + extra + "}");
    }
}
