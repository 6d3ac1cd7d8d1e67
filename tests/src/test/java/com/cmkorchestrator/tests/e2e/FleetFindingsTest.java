package com.cmkorchestrator.tests.e2e;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.devhost.LocalEnvironment;
import com.cmkorchestrator.emulator.hsm.HsmSnapshot;
import com.cmkorchestrator.tests.seeding.FleetResources;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12's findings 1, 2 and 4 as a user with a growing fleet meets them: over HTTP against the local run (the
 * emulator with Managed HSM's limits, ARM writes raising events that name their caller), checked against what the
 * emulator holds. Each test uses resources and keys of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetFindingsTest {

    /** Someone else with write access to the resource group, changing a bound account by hand. */
    private static final String SOMEONE = "5eb0e000-0000-4000-8000-00000000b0b0";

    private LocalEnvironment environment;
    private AppClient app;
    private LocalAzure azure;
    private FleetResources resources;
    private FleetSpecs specs;

    @BeforeAll
    void start(@TempDir Path dir) {
        environment = LocalAzure.startQuietly(dir);
        app = new AppClient(environment.host().baseUri());
        azure = new LocalAzure(environment);
        resources = new FleetResources(environment);
        specs = new FleetSpecs(environment);
    }

    @AfterAll
    void stop() {
        environment.close();
    }

    private JsonNode awaitSettled(String name) {
        return app.awaitBinding(name, view -> List.of("Verified", "Failed").contains(view.path("phase").asText()),
                Duration.ofSeconds(90), azure::workShortRechecks);
    }

    /** A storage binding of its own key, settled, then someone else switches the account to Microsoft's keys. */
    private ArmId boundThenSwitchedBySomeone(String name, String account, String extra) throws InterruptedException {
        ArmId target = resources.storageAccount(account);
        app.post("api/bindings", specs.binding(name, FleetSpecs.key(name + "-cmk"), specs.ownIdentity("id-" + name),
                target, extra));
        awaitSettled(name);
        resources.microsoftManagedKeysBy(SOMEONE, target);
        azure.settle();
        return target;
    }

    private static JsonNode condition(JsonNode view, String type) {
        for (JsonNode condition : view.path("status").path("conditions")) {
            if (condition.path("type").asText().equals(type)) {
                return condition;
            }
        }
        throw new AssertionError("no condition " + type + " in " + view);
    }

    private List<HsmSnapshot.Assignment> assignmentsAt(String scope) {
        return environment.emulator().fleet().byUri(environment.seeded().hsmUri()).orElseThrow().snapshot()
                .roleAssignments().stream().filter(a -> a.scope().equalsIgnoreCase(scope)).toList();
    }

    private List<String> declareStorageBindings(String prefix, String key, java.util.function.IntFunction<String> identity) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            String name = String.format(Locale.ROOT, "%s-%02d", prefix, i);
            ArmId account = resources.storageAccount(String.format(Locale.ROOT, "st%s%02d", prefix, i));
            AppClient.Reply reply = app.post("api/bindings", specs.binding(name, key, identity.apply(i), account, ""));
            assertThat(reply.status()).as(reply.text()).isEqualTo(202);
            names.add(name);
        }
        return names;
    }

    // finding 1: two owners, one resource

    @Test
    void aSecondBindingNamingAnOwnedKeySlotIsRefusedWith409NamingTheOwnerUntilTheOwnerIsDeleted() {
        ArmId account = resources.storageAccount("stslotowned");
        String first = specs.binding("slot-first", FleetSpecs.key("slot-a-cmk"), specs.ownIdentity("id-slot-first"),
                account, "");
        String second = specs.binding("slot-second", FleetSpecs.key("slot-b-cmk"), specs.ownIdentity("id-slot-second"),
                account, "");
        assertThat(app.post("api/bindings", first).status()).isEqualTo(202);

        AppClient.Reply refused = app.post("api/bindings", second);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("type").asText()).isEqualTo("urn:cmk-orchestrator:problem:slot-taken");
        assertThat(refused.json().path("detail").asText()).contains("'slot-first'")
                .contains("DELETE /api/bindings/slot-first");
        assertThat(refused.json().path("errors").get(0).path("field").asText()).isEqualTo("target");
        assertThat(app.get("api/bindings/slot-second").status()).isEqualTo(404);

        assertThat(app.delete("api/bindings/slot-first").status()).isEqualTo(204);
        assertThat(app.post("api/bindings", second).status()).isEqualTo(202);
    }

    // finding 2: past 10 identities per key, binds fail

    @Test
    void twelveStorageBindingsOnOneKeyWithIdentityCreateAllReachVerifiedWithOneAssignmentAtTheKey() {
        List<String> names = declareStorageBindings("shared", FleetSpecs.key("fleet-shared"), i -> specs.sharedIdentity());

        names.forEach(name -> assertThat(awaitSettled(name).path("phase").asText()).as(name).isEqualTo("Verified"));

        assertThat(assignmentsAt("/keys/fleet-shared")).singleElement()
                .satisfies(grant -> assertThat(grant.roleName()).endsWith("Service Encryption User"));
        JsonNode identity = azure.resource(ArmId.resource(environment.seeded().subscriptionId(),
                environment.seeded().resourceGroup(), "Microsoft.ManagedIdentity/userAssignedIdentities",
                "cmk-" + LocalEnvironment.HSM_NAME + "-fleet-shared"));
        assertThat(identity.path("tags").path("managed-by").asText()).isEqualTo("cmk-orchestrator");
        assertThat(identity.path("tags").path("cmk-key").asText()).isEqualTo(LocalEnvironment.HSM_NAME + "/fleet-shared");
        assertThat(assignmentsAt("/keys/fleet-shared").get(0).principalId())
                .isEqualTo(identity.path("properties").path("principalId").asText());
    }

    @Test
    void pastTenIdentitiesOfTheirOwnTheConditionNamesTheLimitTheCountAndTheTwoWaysOut() {
        List<String> names = declareStorageBindings("own", FleetSpecs.key("fleet-own"),
                i -> specs.ownIdentity(String.format(Locale.ROOT, "id-own-%02d", i)));

        List<JsonNode> settled = names.stream().map(this::awaitSettled).toList();

        assertThat(settled).filteredOn(view -> view.path("phase").asText().equals("Verified")).hasSize(10);
        assertThat(settled).filteredOn(view -> view.path("phase").asText().equals("Failed")).hasSize(2)
                .allSatisfy(view -> {
                    JsonNode access = condition(view, "AccessGranted");
                    assertThat(access.path("status").asText()).isEqualTo("False");
                    assertThat(access.path("reason").asText()).isEqualTo("RoleAssignmentLimitReached");
                    assertThat(access.path("message").asText()).contains("10 role assignments per key scope")
                            .contains("/keys/fleet-own has 10").contains("share one identity per key")
                            .contains("\"grantScope\": \"allKeys\"");
                });
        assertThat(assignmentsAt("/keys/fleet-own")).hasSize(10);
    }

    // finding 4: changes made outside the app are noticed late

    @Test
    void aKeyChangedOutsideTheAppIsRepairedAtOnceThroughItsEventAndIsAFindingNamingTheCaller() throws Exception {
        // the run's timers are off: no health sweep runs, the event alone leads to the repair
        ArmId account = boundThenSwitchedBySomeone("drift-repair", "stdriftrepair", "");

        JsonNode view = app.get("api/bindings/drift-repair").json();
        assertThat(view.at("/status/drift/noticedBy").asText()).contains("ResourceWriteSuccess").contains(SOMEONE);
        assertThat(view.at("/status/drift/repaired").asBoolean()).isTrue();
        assertThat(view.at("/status/drift/change").asText()).contains("encryption references no key");
        assertThat(azure.resource(account).at("/properties/encryption/keySource").asText()).isEqualTo("Microsoft.Keyvault");
        assertThat(azure.resource(account).at("/properties/encryption/keyvaultproperties/keyname").asText())
                .isEqualTo("drift-repair-cmk");
        assertThat(findingsOf("drift-repair")).anySatisfy(finding -> assertThat(finding)
                .contains("changed outside the app").contains(SOMEONE).contains("repaired"));
    }

    @Test
    void withOnDriftReportTheChangeIsAFindingNamingTheCallerAndTheResourceIsLeftAsFound() throws Exception {
        ArmId account = boundThenSwitchedBySomeone("drift-report", "stdriftreport", ", \"onDrift\": \"report\"");

        JsonNode view = app.get("api/bindings/drift-report").json();
        JsonNode bound = condition(view, "Bound");
        assertThat(bound.path("status").asText()).isEqualTo("False");
        assertThat(bound.path("reason").asText()).isEqualTo("DriftReported");
        assertThat(azure.resource(account).at("/properties/encryption/keySource").asText()).isEqualTo("Microsoft.Storage");
        assertThat(findingsOf("drift-report")).anySatisfy(finding -> assertThat(finding).contains(SOMEONE)
                .contains("onDrift: report"));
    }

    private List<String> findingsOf(String binding) {
        List<String> messages = new ArrayList<>();
        for (JsonNode item : app.get("api/health").json().path("items")) {
            if (item.path("name").asText().equals(binding)) {
                item.path("findings").forEach(finding -> messages.add(finding.path("message").asText()));
            }
        }
        return messages;
    }
}
