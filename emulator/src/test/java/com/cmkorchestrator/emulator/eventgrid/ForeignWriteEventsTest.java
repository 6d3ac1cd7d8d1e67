package com.cmkorchestrator.emulator.eventgrid;

import com.azure.resourcemanager.msi.models.Identity;
import com.cmkorchestrator.emulator.support.ArmScenario;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.FakeFleet;
import com.cmkorchestrator.emulator.support.Principals;
import com.cmkorchestrator.emulator.support.RawHttp;
import com.cmkorchestrator.emulator.support.WebhookSubscriber;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the app learns when someone else writes a resource it binds: every successful PUT, PATCH
 * and DELETE of a storage account, disk encryption set or Databricks workspace reaches the resource
 * group's subscribers as ResourceWriteSuccess / ResourceDeleteSuccess, naming the writer in
 * {@code data.claims} and {@code data.authorization}, in the shape of the official event example.
 */
class ForeignWriteEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String OBJECT_ID_CLAIM = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    private static final String OUTSIDER = Principals.fresh();
    private static EmulatorFixture fixture;
    private static ArmScenario arm;
    private static String group;
    private static Identity identity;
    private static FakeFleet.Hsm hsm;
    private static String keyVersion;

    @BeforeAll
    static void start() {
        fixture = EmulatorFixture.withFakeHsms();
        arm = new ArmScenario(fixture);
        arm.group("foreign-rg");
        group = "/subscriptions/" + fixture.emulator.options().subscriptionId() + "/resourceGroups/foreign-rg";
        hsm = fixture.fakeFleet.hsm(arm.hsm("foreign-rg", "hsm-foreign").id());
        identity = arm.identity("foreign-rg", "uami-foreign");
        keyVersion = hsm.rotate("foreign-key");
        hsm.grant(identity.principalId(), "foreign-key");
        hsm.grant(fixture.emulator.options().databricksAppObjectId(), "foreign-key");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aStorageAccountWrittenAndDeletedBySomeoneElseRaisesEventsNamingThem() throws InterruptedException {
        String path = group + "/providers/Microsoft.Storage/storageAccounts/stforeign?api-version=2025-06-01";

        List<JsonNode> events = eventsOf(() -> {
            send("PUT", path, "{\"location\":\"westus\",\"kind\":\"StorageV2\",\"sku\":{\"name\":\"Standard_LRS\"}}");
            send("PATCH", path, "{\"identity\":{\"type\":\"UserAssigned\",\"userAssignedIdentities\":{\"" + identity.id()
                    + "\":{}}},\"properties\":{\"encryption\":{\"keySource\":\"Microsoft.Keyvault\",\"identity\":{"
                    + "\"userAssignedIdentity\":\"" + identity.id() + "\"},\"keyvaultproperties\":{\"keyvaulturi\":\""
                    + hsm.uri() + "\",\"keyname\":\"foreign-key\"}}}}");
            send("DELETE", path, null);
        }, 3);

        assertNamesTheWriter(events, "Microsoft.Storage/storageAccounts", "stforeign", List.of("PUT", "PATCH", "DELETE"));
    }

    @Test
    void aDiskEncryptionSetWrittenAndDeletedBySomeoneElseRaisesEventsNamingThem() throws InterruptedException {
        String path = group + "/providers/Microsoft.Compute/diskEncryptionSets/des-foreign?api-version=2025-01-02";
        String definition = ArmScenario.diskEncryptionSetJson(identity, hsm.keyId("foreign-key", keyVersion));

        List<JsonNode> events = eventsOf(() -> {
            send("PUT", path, definition);
            send("PATCH", path, "{\"properties\":{\"rotationToLatestKeyVersionEnabled\":true}}");
            send("DELETE", path, null);
        }, 3);

        assertNamesTheWriter(events, "Microsoft.Compute/diskEncryptionSets", "des-foreign", List.of("PUT", "PATCH", "DELETE"));
    }

    @Test
    void aWorkspaceWrittenAndDeletedBySomeoneElseRaisesEventsNamingThem() throws InterruptedException {
        String path = group + "/providers/Microsoft.Databricks/workspaces/dbx-foreign?api-version=2026-01-01";
        String managed = "{\"managedResourceGroupId\":\"/subscriptions/" + fixture.emulator.options().subscriptionId()
                + "/resourceGroups/dbx-foreign-managed\"";

        List<JsonNode> events = eventsOf(() -> {
            send("PUT", path, "{\"location\":\"westus\",\"sku\":{\"name\":\"premium\"},\"properties\":" + managed + "}}");
            send("PUT", path, "{\"location\":\"westus\",\"sku\":{\"name\":\"premium\"},\"properties\":" + managed
                    + ",\"encryption\":{\"entities\":{\"managedServices\":{\"keySource\":\"Microsoft.Keyvault\","
                    + "\"keyVaultProperties\":{\"keyVaultUri\":\"" + hsm.uri() + "\",\"keyName\":\"foreign-key\",\"keyVersion\":\""
                    + keyVersion + "\"}}}}}}");
            send("PATCH", path, "{\"tags\":{\"changed\":\"by someone else\"}}");
            send("DELETE", path, null);
        }, 4);

        assertNamesTheWriter(events, "Microsoft.Databricks/workspaces", "dbx-foreign", List.of("PUT", "PUT", "PATCH", "DELETE"));
    }

    /** Subscribes a fresh webhook to the group's topic, runs the writes, and waits for their events. */
    private static List<JsonNode> eventsOf(Runnable writes, int count) throws InterruptedException {
        try (WebhookSubscriber subscriber = new WebhookSubscriber()) {
            String name = "foreign-" + Principals.fresh().substring(0, 8);
            fixture.raw.admin("POST", "/eventgrid/subscriptions", "{\"name\":\"" + name + "\",\"topic\":\"" + group
                    + "\",\"endpointUrl\":\"" + subscriber.url() + "\"}");
            writes.run();
            List<JsonNode> events = subscriber.awaitEvents(count, WAIT);
            fixture.raw.admin("DELETE", "/eventgrid/subscriptions/" + name, null);
            return events;
        }
    }

    private static void send(String method, String path, String body) {
        RawHttp.Answer answer = fixture.raw.send(method, path, body, OUTSIDER);
        assertThat(answer.status()).as(method + " " + path + ": " + answer.text()).isBetween(200, 202);
    }

    private static void assertNamesTheWriter(List<JsonNode> events, String type, String name, List<String> methods) {
        assertThat(events).hasSize(methods.size());
        for (int i = 0; i < methods.size(); i++) {
            JsonNode event = events.get(i);
            JsonNode data = event.path("data");
            boolean delete = methods.get(i).equals("DELETE");
            assertThat(event.path("eventType").asText()).isEqualTo(delete ? "Microsoft.Resources.ResourceDeleteSuccess"
                    : "Microsoft.Resources.ResourceWriteSuccess");
            assertThat(event.path("subject").asText()).isEqualTo(group + "/providers/" + type + "/" + name);
            assertThat(data.path("operationName").asText()).isEqualTo(type + (delete ? "/delete" : "/write"));
            assertThat(data.path("httpRequest").path("method").asText()).isEqualTo(methods.get(i));
            assertThat(data.path("claims").path(OBJECT_ID_CLAIM).asText()).isEqualTo(OUTSIDER);
            assertThat(data.path("authorization").path("evidence").path("principalId").asText()).isEqualTo(OUTSIDER);
            assertThat(data.path("authorization").path("scope").asText()).isEqualTo(event.path("subject").asText());
        }
    }
}
