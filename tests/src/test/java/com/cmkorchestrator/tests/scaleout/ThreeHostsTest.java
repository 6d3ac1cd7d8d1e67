package com.cmkorchestrator.tests.scaleout;

import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.core.model.WrappingCertificate;
import com.cmkorchestrator.devhost.EmulatorAdminApi;
import com.cmkorchestrator.devhost.LocalEnvironment;
import com.cmkorchestrator.devhost.WrappingCertificates;
import com.cmkorchestrator.testsupport.Azurite;
import com.cmkorchestrator.testsupport.AzuriteExtension;
import com.cmkorchestrator.tests.bench.FleetSeeder;
import com.cmkorchestrator.tests.scale.AzureRequests;
import com.cmkorchestrator.tests.scale.FleetDriver;
import com.cmkorchestrator.tests.scale.FleetPlan;
import com.cmkorchestrator.tests.scale.HostProcess;
import com.cmkorchestrator.tests.scale.ScaledOutRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app scaled out to three instances, each a development host in its own JVM, attached to one emulator and one
 * Azurite, competing for one queue: 60 pinned bindings across the three kinds on six keys (one shared identity per
 * key, so no key scope nears Azure's 10 role assignments), a rotation of each key, and an HSM request with
 * activation. What happened once is read from the emulator's request log, not from the app's records.
 *
 * <p>The emulator runs ten times faster than real time: its waits (HSM provisioning, grant propagation) and the
 * app's own re-checks, on its clock, take a tenth of their time.
 */
@ExtendWith(AzuriteExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreeHostsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NEW_HSM = "cmk-scaleout-hsm";
    private static final Duration CONVERGED = Duration.ofMinutes(3);
    private final FleetPlan plan = FleetPlan.of("tri", new FleetPlan.Mix(20, 20, 20), 6);
    private ScaledOutRun run;
    private EmulatorAdminApi emulator;
    private Map<Integer, String> rotated;
    private AzureRequests requests;
    private Map<String, JsonNode> views;

    @BeforeAll
    void scaleOutBindRotateAndProvision(Azurite azurite, @TempDir Path dir) {
        run = ScaledOutRun.start(dir, 3, azurite.connectionString(), Azurite.uniqueTablePrefix(),
                Azurite.uniqueQueueName(), List.of("--time-scale", "10", "--role-propagation", "PT30S"),
                List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        emulator = run.emulator().admin();
        FleetSeeder seeder = new FleetSeeder(emulator, 6);
        seeder.build(plan);
        FleetDriver fleet = new FleetDriver(run, plan, seeder.subscriptionId());

        fleet.declareAll();
        run.host(0).post("api/hsms", hsmRequest(seeder.subscriptionId(), dir.resolve("sd.json"))).expect(202);
        fleet.awaitVerified(null, CONVERGED);
        rotated = fleet.rotateAll();
        fleet.awaitVerified(rotated, CONVERGED);
        awaitHsmActive();

        requests = AzureRequests.since(emulator, 0);
        views = FleetDriver.views(run.host(1));
    }

    @AfterAll
    void stop() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void theHostsSeedTheEmulatorOnceWhicheverComesFirst() {
        assertThat(requests.armWrites(LocalEnvironment.DEPLOYER, "/managedHSMs/" + LocalEnvironment.HSM_NAME))
                .isEqualTo(1);
    }

    @Test
    void everyKeyIsCreatedOnce() {
        Map<String, Long> created = new HashMap<>();
        requests.keyCreations().forEach((key, count) -> {
            if (key.contains("/keys/" + plan.prefix() + "-key-")) {
                created.put(key, count);
            }
        });

        assertThat(created).hasSize(plan.keys()).allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1));
    }

    @Test
    void everyRoleAssignmentIsCreatedOnce() {
        Map<String, Long> created = requests.roleAssignmentCreations();

        // each key: the shared identity, the AzureDatabricks application, and its workspaces' managed disk identities
        assertThat(created.keySet().stream().filter(scope -> scope.contains("/keys/" + plan.prefix() + "-key-")))
                .hasSize(plan.keys() * 2 + plan.ofKind(TargetKind.DATABRICKS_WORKSPACE).size());
        assertThat(AzureRequests.repeated(created)).isEmpty();
    }

    @Test
    void theRequestedHsmsSecurityDomainIsDownloadedOnce() {
        assertThat(requests.securityDomainDownloads())
                .isEqualTo(Map.of(NEW_HSM + "/securitydomain/download", 1L));
    }

    @Test
    void everyBindingIsVerifiedOnItsKeysNewVersionInAzure() {
        Map<String, JsonNode> resources = new HashMap<>();
        emulator.call("GET", "state", null).path("resources")
                .forEach(doc -> resources.put(doc.path("name").asText(), doc));

        for (FleetPlan.Planned planned : plan.bindings()) {
            String version = rotated.get(planned.key());
            assertThat(keyVersions(planned.kind(), resources.get(planned.target()))).as(planned.target())
                    .isNotEmpty().containsOnly(version);
            assertThat(views.get(planned.name()).path("phase").asText()).as(planned.name()).isEqualTo("Verified");
        }
    }

    @Test
    void everyHostProcessedWorkItems() {
        for (HostProcess host : run.hosts()) {
            assertThat(FleetDriver.workItemsHandled(host.api())).as(host.instance()).isPositive();
        }
    }

    /** The key versions a resource's key slots name, as ARM returns it. */
    private static List<String> keyVersions(TargetKind kind, JsonNode resource) {
        JsonNode properties = resource.path("properties");
        return switch (kind) {
            case STORAGE_ACCOUNT -> List.of(properties.path("encryption").path("keyvaultproperties")
                    .path("keyversion").asText());
            case DISK_ENCRYPTION_SET -> {
                String url = properties.path("activeKey").path("keyUrl").asText();
                yield List.of(url.substring(url.lastIndexOf('/') + 1));
            }
            case DATABRICKS_WORKSPACE -> IntStream.range(0, 2).mapToObj(i -> properties.path("encryption")
                    .path("entities").path(i == 0 ? "managedServices" : "managedDisk").path("keyVaultProperties")
                    .path("keyVersion").asText()).toList();
        };
    }

    private ObjectNode hsmRequest(String subscriptionId, Path securityDomain) {
        ObjectNode request = JSON.createObjectNode()
                .put("hsm", "/subscriptions/" + subscriptionId + "/resourceGroups/" + LocalEnvironment.RESOURCE_GROUP
                        + "/providers/Microsoft.KeyVault/managedHSMs/" + NEW_HSM)
                .put("location", "westeurope").put("sku", "Standard_B1")
                .put("tenantId", emulator.info().path("tenantId").asText())
                .put("softDeleteRetentionDays", 7).put("purgeProtection", true);
        request.putArray("administrators").add(LocalEnvironment.DEPLOYER).add(LocalEnvironment.APP_PRINCIPAL);
        ObjectNode activation = request.putObject("activation").put("quorum", 2)
                .put("destination", securityDomain.toString());
        WrappingCertificates.generate(3).stream().map(WrappingCertificate::pem)
                .forEach(pem -> activation.withArray("certificates").add(pem));
        return request;
    }

    private void awaitHsmActive() {
        Instant deadline = Instant.now().plus(CONVERGED);
        JsonNode view = null;
        while (Instant.now().isBefore(deadline)) {
            view = run.host(2).get("api/hsms/" + NEW_HSM).expect(200);
            if (view.path("status").path("condition").path("reason").asText().equals("Active")) {
                return;
            }
            sleep();
        }
        throw new AssertionError("HSM request " + NEW_HSM + " never became Active; last seen: " + view);
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
