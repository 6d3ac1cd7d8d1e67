package com.cmkorchestrator.emulator.admin;

import com.cmkorchestrator.emulator.support.ArmScenario;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.Principals;
import com.cmkorchestrator.emulator.support.RawHttp;
import com.cmkorchestrator.emulator.support.WebhookSubscriber;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The emulator's own API under /_emulator on the ARM port, without a token. */
class AdminApiTest {
    private static EmulatorFixture fixture;
    private static RawHttp raw;

    @BeforeAll
    static void start() {
        fixture = EmulatorFixture.withFakeHsms();
        raw = fixture.raw;
        ArmScenario arm = new ArmScenario(fixture);
        arm.group("admin-rg");
        arm.hsm("admin-rg", "hsm-admin");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void theClockCanBeReadAndAdvanced() {
        Instant before = Instant.parse(raw.admin("GET", "/clock", null).json().path("now").asText());

        JsonNode advanced = raw.admin("POST", "/clock/advance", "{\"duration\":\"PT2H\"}").json();

        assertThat(Instant.parse(advanced.path("now").asText())).isAfterOrEqualTo(before.plus(Duration.ofHours(2)));
    }

    @Test
    void stateListsGroupsResourcesAndHsms() {
        JsonNode state = raw.admin("GET", "/state", null).json();

        assertThat(state.path("resourceGroups").findValuesAsText("name")).contains("admin-rg");
        assertThat(state.path("resources").findValuesAsText("name")).contains("hsm-admin");
        assertThat(state.path("hsms").get(0).path("name").asText()).isEqualTo("hsm-admin");
        assertThat(state.path("resources").toString()).doesNotContain("__emulator");
    }

    @Test
    void theRequestLogCanBeReadSinceAMark() {
        long mark = raw.admin("GET", "/requests/mark", null).json().path("mark").asLong();
        raw.send("GET", "/subscriptions/" + fixture.emulator.options().subscriptionId() + "/resourcegroups/nope?api-version=2025-04-01",
                null, Principals.DEPLOYER);

        JsonNode entries = raw.admin("GET", "/requests?since=" + mark, null).json().path("value");

        assertThat(entries).anySatisfy(entry -> {
            assertThat(entry.path("path").asText()).endsWith("/resourcegroups/nope");
            assertThat(entry.path("status").asInt()).isEqualTo(404);
            assertThat(entry.path("surface").asText()).isEqualTo("arm");
            assertThat(entry.path("callerOid").asText()).isEqualTo(Principals.DEPLOYER);
        });
    }

    /**
     * The length of ARM's long-running operations changes while the emulator runs (the scale benchmark makes its fleet
     * with none, then measures with 30 s ones): a write sent after the change takes the new length.
     */
    @Test
    void theOperationDurationChangesForTheWritesSentAfterIt() {
        ArmScenario arm = new ArmScenario(fixture);
        arm.group("timing-long-rg");
        arm.group("timing-now-rg");
        String groups = "/subscriptions/" + fixture.emulator.options().subscriptionId() + "/resourcegroups/";
        try {
            JsonNode longer = raw.admin("PUT", "/timing", "{\"operationDuration\":\"PT1H\"}").json();
            int begun = raw.send("DELETE", groups + "timing-long-rg?api-version=2025-04-01", null, Principals.DEPLOYER)
                    .status();
            raw.admin("PUT", "/timing", "{\"operationDuration\":\"PT0S\"}");
            int done = raw.send("DELETE", groups + "timing-now-rg?api-version=2025-04-01", null, Principals.DEPLOYER)
                    .status();

            assertThat(longer.path("operationDuration").asText()).isEqualTo("PT1H");
            assertThat(begun).as("a long-running operation begun").isEqualTo(202);
            assertThat(done).as("answered at once").isEqualTo(200);
            assertThat(raw.admin("GET", "/info", null).json().path("timing").path("operationDuration").asText())
                    .isEqualTo("PT0S");
            assertThat(raw.admin("PUT", "/timing", "{\"operationDuration\":\"-PT1S\"}").status()).isEqualTo(400);
            assertThat(raw.admin("PUT", "/timing", "{\"latency\":\"PT1S\"}").text()).contains("operationDuration");
        } finally {
            fixture.emulator.setOperationDuration(fixture.emulator.options().operationDuration());
        }
    }

    @Test
    void faultSettingsChangeFieldByField() {
        JsonNode changed = raw.admin("PUT", "/faults", "{\"eventDuplicationRate\":0.25,\"latency\":\"PT0S\"}").json();

        assertThat(changed.path("eventDuplicationRate").asDouble()).isEqualTo(0.25);
        assertThat(changed.path("throttling").asBoolean()).isTrue();
        assertThat(fixture.emulator.faults().eventDuplicationRate()).isEqualTo(0.25);
        raw.admin("PUT", "/faults", "{\"eventDuplicationRate\":0}");
    }

    @Test
    void anUnknownFaultSettingIsBadRequest() {
        RawHttp.Answer answer = raw.admin("PUT", "/faults", "{\"chaosMonkey\":true}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("error").path("message").asText()).contains("chaosMonkey");
    }

    @Test
    void topicsAndSubscriptionsAreManagedByName() {
        try (WebhookSubscriber subscriber = new WebhookSubscriber()) {
            JsonNode topic = raw.admin("POST", "/eventgrid/topics", "{\"name\":\"admin-topic\"}").json();
            assertThat(topic.path("endpoint").asText()).endsWith("/eventgrid/topics/admin-topic/api/events");
            assertThat(topic.path("key").asText()).isNotBlank();

            RawHttp.Answer subscription = raw.admin("POST", "/eventgrid/subscriptions", "{\"name\":\"admin-sub\",\"topic\":\"admin-topic\","
                    + "\"endpointUrl\":\"" + subscriber.url() + "\",\"eventDeliverySchema\":\"EventGridSchema\"}");

            assertThat(subscription.status()).isEqualTo(201);
            assertThat(subscription.json().path("topic").asText()).isEqualTo(topic.path("id").asText());
            assertThat(raw.admin("GET", "/eventgrid/subscriptions", null).json().path("value").findValuesAsText("name")).contains("admin-sub");
            assertThat(raw.admin("DELETE", "/eventgrid/subscriptions/admin-sub", null).status()).isEqualTo(200);
            assertThat(raw.admin("DELETE", "/eventgrid/topics/admin-topic", null).status()).isEqualTo(200);
        }
    }

    @Test
    void aSubscriptionWithoutEndpointIsBadRequest() {
        RawHttp.Answer answer = raw.admin("POST", "/eventgrid/subscriptions", "{\"name\":\"no-endpoint\",\"topic\":\"/subscriptions/x\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("error").path("message").asText()).contains("endpointUrl");
    }

    @Test
    void theInfoIsTheFirstLineThatMainPrints() {
        JsonNode info = raw.admin("GET", "", null).json();

        assertThat(info.path("armEndpoint").asText()).isEqualTo(fixture.emulator.armEndpoint().toString());
        assertThat(info.path("subscriptionId").asText()).isEqualTo(fixture.emulator.options().subscriptionId());
    }
}
