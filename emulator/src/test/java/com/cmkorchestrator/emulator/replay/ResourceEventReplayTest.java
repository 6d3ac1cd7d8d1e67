package com.cmkorchestrator.emulator.replay;

import com.cmkorchestrator.emulator.eventgrid.EventSchema;
import com.cmkorchestrator.emulator.eventgrid.EventSubscription;
import com.cmkorchestrator.emulator.support.ArmScenario;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.JsonShape;
import com.cmkorchestrator.emulator.support.RestExample;
import com.cmkorchestrator.emulator.support.WebhookSubscriber;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The ResourceWriteSuccess events the emulator delivers, against the official event examples. */
class ResourceEventReplayTest {
    /** Token claims differ by caller; the emulator's tokens carry oid, tid, aud, iat, exp only. */
    private static final Set<String> NOT_MODELLED = Set.of("data.claims.*");
    private EmulatorFixture fixture;
    private WebhookSubscriber subscriber;

    @BeforeEach
    void start() {
        fixture = EmulatorFixture.withFakeHsms();
        subscriber = new WebhookSubscriber();
        new ArmScenario(fixture).group("events-rg");
    }

    @AfterEach
    void stop() {
        fixture.close();
        subscriber.close();
    }

    @Test
    void anEventGridSchemaEventHasTheExamplesShape() throws InterruptedException {
        JsonNode event = deliveredAfterAWrite(EventSchema.EVENT_GRID);

        JsonNode example = RestExample.load("eventgrid-events/Microsoft.Resources/event-grid-schema/resource_write_success.json").root();
        JsonNode sdkExample = RestExample.load("eventgrid-events/azure-sdk-for-java/ResourceWriteSuccessEvent.json").root().get(0);
        assertThat(JsonShape.differences(example, event, NOT_MODELLED)).isEmpty();
        assertThat(JsonShape.differences(sdkExample, event, Set.of("data.claims.*", "data.authorization.evidence.*"))).isEmpty();
    }

    @Test
    void aCloudEventHasTheExamplesShape() throws InterruptedException {
        JsonNode event = deliveredAfterAWrite(EventSchema.CLOUD_EVENTS);

        JsonNode example = RestExample.load("eventgrid-events/Microsoft.Resources/cloud-events-schema/resource_write_success.json").root();
        assertThat(JsonShape.differences(example, event, NOT_MODELLED)).isEmpty();
    }

    private JsonNode deliveredAfterAWrite(EventSchema schema) throws InterruptedException {
        String topic = "/subscriptions/" + fixture.emulator.options().subscriptionId() + "/resourceGroups/events-rg";
        fixture.emulator.eventGrid().subscribe(new EventSubscription("replay", topic, subscriber.url(), List.of(), "", "",
                schema, 30, Duration.ofDays(1)), null);
        new ArmScenario(fixture).identity("events-rg", "uami-replayed");
        return subscriber.awaitEvents(1, Duration.ofSeconds(10)).get(0);
    }
}
