package com.cmkorchestrator.tests.e2e;

import com.cmkorchestrator.adapters.HsmKeys;
import com.cmkorchestrator.core.safety.KeyOperatorRole;
import com.cmkorchestrator.devhost.LocalEnvironment;
import com.cmkorchestrator.emulator.hsm.HsmSnapshot;
import com.cmkorchestrator.emulator.EmulatorOptions;
import com.cmkorchestrator.emulator.eventgrid.DeliveryRecord;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app end to end, as the local run starts it: the emulator (real SDK clients over HTTPS), the development host
 * serving the functions over HTTP, Event Grid delivering to the webhook. The steps build on each other, in order:
 * bind three resources from the {@code examples/} files, let the HSM rotate the key on its policy, and watch the
 * bridge announce it and the pinned bindings follow. The queue is worked on the test's thread (no background
 * polling), so that "quiet" is well defined.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {

    private LocalEnvironment environment;
    private AppClient app;
    private LocalAzure azure;

    @BeforeAll
    void start(@TempDir Path dir) {
        environment = LocalEnvironment.start(new LocalEnvironment.Options(EmulatorOptions.forTests(dir), 0, false,
                null, Optional.empty(), new PrintStream(OutputStream.nullOutputStream())));
        app = new AppClient(environment.host().baseUri());
        azure = new LocalAzure(environment);
    }

    @AfterAll
    void stop() {
        environment.close();
    }

    private static String version(JsonNode view, String slot) {
        for (JsonNode use : view.path("status").path("versions")) {
            if (use.path("slot").asText().equals(slot) && !use.has("leftUseAt")) {
                return use.path("version").asText();
            }
        }
        return "";
    }

    @Test
    @Order(1)
    void storageDiskEncryptionSetAndDatabricksBindingsReachVerified() {
        for (String example : List.of("storage-binding.json", "des-binding.json", "databricks-binding.json")) {
            AppClient.Reply reply = app.declareExample(example);
            assertThat(reply.status()).as(example + ": " + reply.text()).isEqualTo(202);
        }

        for (String name : List.of("orders-storage", "vm-disks", "analytics")) {
            JsonNode view = app.awaitPhase(name, "Verified", this::workQueue);
            assertThat(view.path("status").path("conditions")).extracting(c -> c.path("status").asText())
                    .containsOnly("True");
        }
        String version = version(app.get("api/bindings/vm-disks").json(), "activeKey");
        assertThat(azure.desKeyVersion()).isEqualTo(version);
        assertThat(azure.databricksManagedServicesVersion()).isEqualTo(version);
    }

    @Test
    @Order(2)
    void aRotationByPolicyIsBridgedToTheTopicDeliveredBackAndThePinnedBindingsAreRebound() throws Exception {
        String before = azure.desKeyVersion();
        app.post("admin/functions/HsmEventBridge", null);
        azure.settle();
        long mark = azure.mark();
        long deliveries = environment.emulator().eventGrid().deliveries().records().size();

        // the key's policy rotates after 90 days; the emulated HSM does so when its clock passes that
        environment.emulator().clock().advance(Duration.ofDays(91));
        AppClient.Reply bridge = app.post("admin/functions/HsmEventBridge", null);
        azure.settle();

        assertThat(bridge.status()).isEqualTo(202);
        List<DeliveryRecord> delivered = environment.emulator().eventGrid().deliveries().records()
                .subList((int) deliveries, environment.emulator().eventGrid().deliveries().records().size());
        assertThat(delivered).filteredOn(d -> d.eventType().equals("Microsoft.KeyVault.KeyNewVersionCreated"))
                .singleElement().satisfies(d -> {
                    assertThat(d.subscription()).isEqualTo("key-events-to-app");
                    assertThat(d.succeeded()).isTrue();
                });
        JsonNode des = app.awaitBinding("vm-disks", view -> !version(view, "activeKey").equals(before)
                && "Verified".equals(view.path("phase").asText()), Duration.ofSeconds(60), this::workQueue);
        String rotated = version(des, "activeKey");
        assertThat(azure.desKeyVersion()).isEqualTo(rotated);
        assertThat(azure.databricksManagedServicesVersion()).isEqualTo(rotated);
        assertThat(azure.armWritesSince(mark))
                .anySatisfy(write -> assertThat(write).containsIgnoringCase("diskEncryptionSets/des-cmk-demo"))
                .anySatisfy(write -> assertThat(write).containsIgnoringCase("workspaces/dbw-cmk-demo"))
                .noneSatisfy(write -> assertThat(write).containsIgnoringCase("storageAccounts/stcmkdemo"));
    }

    @Test
    @Order(3)
    void theSameKeyEventDeliveredThreeTimesMakesOneSetOfAzureWrites() throws Exception {
        String version = app.post("api/keys/" + LocalEnvironment.HSM_NAME + "/orders-cmk/rotate", null).json()
                .path("version").asText();
        azure.settle();
        app.awaitBinding("vm-disks", view -> version(view, "activeKey").equals(version), Duration.ofSeconds(60), this::workQueue);
        // the rotation above rebound what it had to; now the same announcement of the next version, three times
        // (a minute later: Key Vault dates versions to the second, and two in one second have no order)
        environment.emulator().clock().advance(Duration.ofMinutes(1));
        String next = rotateBehindTheAppsBack();
        String event = """
                [{"id": "dup-1", "subject": "orders-cmk", "eventType": "Microsoft.KeyVault.KeyNewVersionCreated",
                  "eventTime": "2026-01-01T00:00:00Z", "dataVersion": "1",
                  "data": {"Id": "%skeys/orders-cmk/%s", "VaultName": "%s", "ObjectType": "Key",
                           "ObjectName": "orders-cmk", "Version": "%s"}}]"""
                .formatted(environment.seeded().hsmUri(), next, LocalEnvironment.HSM_NAME, next);
        long mark = azure.mark();

        for (int delivery = 0; delivery < 3; delivery++) {
            AppClient.Reply reply = app.send(HttpRequest.newBuilder(environment.host().eventGridWebhook("OnKeyEvent"))
                    .header("aeg-event-type", "Notification").POST(HttpRequest.BodyPublishers.ofString(event)));
            assertThat(reply.status()).isEqualTo(202);
        }
        azure.settle();

        assertThat(azure.armWritesSince(mark)).hasSize(2)
                .anySatisfy(write -> assertThat(write).containsIgnoringCase("diskEncryptionSets/des-cmk-demo"))
                .anySatisfy(write -> assertThat(write).containsIgnoringCase("workspaces/dbw-cmk-demo"));
        assertThat(azure.desKeyVersion()).isEqualTo(next);
    }

    private void workQueue() {
        environment.host().drainQueue();
    }

    /** A new version made on the HSM directly, so that no event announces it. */
    private String rotateBehindTheAppsBack() {
        HsmKeys keys = new HsmKeys(LocalEnvironment.connect(environment.emulator(), LocalEnvironment.APP_PRINCIPAL));
        return keys.rotate(environment.seeded().hsmUri(), "orders-cmk").version();
    }

    @Test
    @Order(4)
    void theSelfRotatingStorageAccountIsVerifiedOnTheNewVersionAfterItsPickupWindow() throws Exception {
        String current = version(app.get("api/bindings/vm-disks").json(), "activeKey");

        environment.emulator().clock().advance(Duration.ofHours(25));
        azure.settle();

        JsonNode storage = app.awaitBinding("orders-storage", view -> version(view, "encryption").equals(current)
                && "Verified".equals(view.path("phase").asText()), Duration.ofSeconds(60), this::workQueue);
        assertThat(azure.resource(environment.seeded().storageAccount()).path("properties").path("encryption")
                .path("keyvaultproperties").path("currentVersionedKeyIdentifier").asText()).endsWith("/" + current);
        assertThat(storage.path("spec").path("versionPolicy").asText()).isEqualTo("auto");
        // through three rotations and every rebind, nothing was disabled: the old versions stay usable
        assertThat(environment.emulator().fleet().byUri(environment.seeded().hsmUri()).orElseThrow().snapshot().keys())
                .filteredOn(key -> key.name().equals("orders-cmk")).singleElement()
                .satisfies(key -> assertThat(key.versions()).hasSizeGreaterThanOrEqualTo(4)
                        .allMatch(HsmSnapshot.Version::enabled));
    }

    /**
     * All of the above ran with the app holding one grant on the HSM: its key operator role at {@code /keys} (issue
     * 10, finding 7); the deployer's seeding gave it nothing else. The role is written from
     * {@link KeyOperatorRole}, whose data actions hold no purge or export ({@code KeyOperatorRoleTest}), and the
     * emulator enforces them ({@code CoreOnAdaptersTest} reads the definition back).
     */
    @Test
    @Order(6)
    void theAppDidAllThisHoldingOnlyItsKeyOperatorRole() {
        assertThat(environment.emulator().fleet().byUri(environment.seeded().hsmUri()).orElseThrow().snapshot()
                .roleAssignments()).filteredOn(a -> a.principalId().equals(LocalEnvironment.APP_PRINCIPAL))
                .singleElement().satisfies(assignment -> {
                    assertThat(assignment.scope()).isEqualTo("/keys");
                    assertThat(assignment.roleDefinitionId())
                            .endsWith("/" + KeyOperatorRole.definitionName(LocalEnvironment.HSM_NAME));
                });
    }

    @Test
    @Order(5)
    void theHealthReportAndTheDashboardShowTheThreeBindings() {
        AppClient.Reply health = app.get("api/health");
        AppClient.Reply dashboard = app.get("api/dashboard");

        assertThat(health.json().path("bindings").path("total").asInt()).isEqualTo(3);
        assertThat(health.json().path("items")).extracting(item -> item.path("name").asText())
                .containsExactlyInAnyOrder("orders-storage", "vm-disks", "analytics");
        assertThat(dashboard.contentType()).startsWith("text/html");
        assertThat(dashboard.text()).contains(LocalEnvironment.HSM_NAME).contains("orders-cmk").contains("vm-disks")
                .contains("analytics").contains("orders-storage").doesNotContain("<script");
    }
}
