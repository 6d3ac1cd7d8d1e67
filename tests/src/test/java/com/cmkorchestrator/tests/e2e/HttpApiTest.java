package com.cmkorchestrator.tests.e2e;

import com.cmkorchestrator.devhost.LocalEnvironment;
import com.cmkorchestrator.emulator.EmulatorOptions;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP surface over the wire, as a client meets it on {@code http://localhost:7071}: bad input on every route is
 * a 4xx problem document that changes nothing, and the Event Grid webhook answers the validation handshake.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiTest {

    private static final String HSM_PATH = "/subscriptions/00000000-0000-0000-0000-00000000c0de/resourceGroups/rg-cmk-demo"
            + "/providers/Microsoft.KeyVault/managedHSMs/";
    private LocalEnvironment environment;
    private AppClient app;

    @BeforeAll
    void start(@TempDir Path dir) {
        environment = LocalEnvironment.start(new LocalEnvironment.Options(EmulatorOptions.forTests(dir), 0, false, null,
                Optional.empty(), new PrintStream(OutputStream.nullOutputStream())));
        app = new AppClient(environment.host().baseUri());
        assertThat(app.declareExample("des-binding.json").status()).isEqualTo(202);
        // converged before the tests compare state: a pass still due would change it under them
        app.awaitPhase("vm-disks", "Verified", environment.host()::drainQueue);
    }

    @AfterAll
    void stop() {
        environment.close();
    }

    /** Everything a refused request could have changed: stored state, queued work, Azure. */
    private String snapshot() {
        return app.get("api/bindings").text() + app.get("api/hsms/new-hsm").status()
                + environment.graph().queue().peekPoison(32) + environment.graph().stores().findings().all();
    }

    @ParameterizedTest(name = "{0} {1} with {2}")
    @CsvSource(delimiter = '|', value = {
            "POST  | api/bindings                         | {\"name\":                                  | 400 | malformed-request",
            "POST  | api/bindings                         | [\"a binding\"]                             | 400 | malformed-request",
            "POST  | api/bindings                         | {\"name\": \"UPPER\"}                        | 422 | invalid-field",
            "POST  | api/bindings                         | {\"name\": \"x\", \"colour\": 1}              | 422 | invalid-field",
            "GET   | api/bindings/No_Such_Name            |                                            | 400 | invalid-parameter",
            "GET   | api/bindings/not-there               |                                            | 404 | not-found",
            "DELETE| api/bindings/No_Such_Name            |                                            | 400 | invalid-parameter",
            "DELETE| api/bindings/not-there               |                                            | 404 | not-found",
            "POST  | api/hsms                             | 42                                         | 400 | malformed-request",
            "POST  | api/hsms                             | {\"hsm\": \"not an ARM ID\"}                 | 422 | invalid-field",
            "GET   | api/hsms/bad_name                    |                                            | 400 | invalid-parameter",
            "GET   | api/hsms/not-there                   |                                            | 404 | not-found",
            "POST  | api/keys/bad_hsm/orders-cmk/rotate   |                                            | 400 | invalid-parameter",
            "POST  | api/keys/cmk-demo-hsm/no.key/rotate  |                                            | 400 | invalid-parameter",
            "POST  | api/keys/other-hsm/orders-cmk/rotate |                                            | 404 | not-found",
            "POST  | api/keys/cmk-demo-hsm/nokey/rotate   |                                            | 404 | not-found"})
    void badInputIsAProblemDocumentAndChangesNothing(String method, String path, String body, int status, String type) {
        String before = snapshot();
        long mark = environment.emulator().requestLog().mark();

        AppClient.Reply reply = app.send(HttpRequest.newBuilder(environment.host().baseUri().resolve(path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
        environment.host().drainQueue();

        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.path("type").asText()).isEqualTo("urn:cmk-orchestrator:problem:" + type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(problem.path("errors").path(0).has("field")).as("names the field or parameter").isTrue();
        assertThat(snapshot()).isEqualTo(before);
        assertThat(environment.emulator().requestLog().since(mark)).noneMatch(entry -> entry.isWrite());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "GET    | api/nothing                 | 404 | route-not-found    | ",
            "GET    | api/bindings/a/b/c          | 404 | route-not-found    | ",
            "PUT    | api/bindings/vm-disks       | 405 | method-not-allowed | DELETE, GET",
            "PATCH  | api/bindings                | 405 | method-not-allowed | GET, POST",
            "DELETE | api/health                  | 405 | method-not-allowed | GET",
            "GET    | api/keys/cmk-demo-hsm/k/rotate | 405 | method-not-allowed | POST"})
    void anUnknownRouteOrMethodIsAProblemDocument(String method, String path, int status, String type, String allow) {
        AppClient.Reply reply = app.send(HttpRequest.newBuilder(environment.host().baseUri().resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody()));

        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        assertThat(reply.json().path("type").asText()).isEqualTo("urn:cmk-orchestrator:problem:" + type);
        assertThat(reply.json().path("errors").isArray()).isTrue();
        assertThat(reply.header("Allow")).isEqualTo(allow == null ? Optional.empty() : Optional.of(allow));
    }

    @Test
    void rotatingAKeyWithoutRotationPolicyIsA409NamingTheFix() throws IOException {
        String withoutPolicy = Files.readString(Path.of("..", "examples", "storage-binding.json"))
                .replaceAll(",\\s*\"rotationPolicy\": \\{[^}]*\\}", "").replace("orders-cmk", "no-policy-cmk")
                .replace("orders-storage", "no-policy").replace("id-orders-cmk", "id-no-policy");
        assertThat(app.post("api/bindings", withoutPolicy).status()).isEqualTo(202);
        environment.host().drainQueue();

        AppClient.Reply reply = app.send(HttpRequest.newBuilder(environment.host().baseUri()
                .resolve("api/keys/cmk-demo-hsm/no-policy-cmk/rotate")).POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().path("type").asText()).isEqualTo("urn:cmk-orchestrator:problem:key-not-rotatable");
        assertThat(reply.json().path("detail").asText()).contains("no rotation policy")
                .contains("az keyvault key rotation-policy update").contains("key.rotationPolicy");
        assertThat(reply.json().path("errors").path(0).path("field").asText()).isEqualTo("key");
        // its binding would go on converging under the other tests, which compare state before and after
        app.send(HttpRequest.newBuilder(environment.host().baseUri().resolve("api/bindings/no-policy")).DELETE());
    }

    @Test
    void theEventGridWebhookAnswersTheValidationHandshake() {
        String validation = "[{\"id\": \"2d1781af-3a4c-4d7c-bd0c-e34b19da4e66\", \"topic\": \"" + HSM_PATH + "x\", "
                + "\"subject\": \"\", \"eventType\": \"Microsoft.EventGrid.SubscriptionValidationEvent\", "
                + "\"eventTime\": \"2026-01-01T00:00:00Z\", \"dataVersion\": \"2\", "
                + "\"data\": {\"validationCode\": \"512d38b6-c7b8-40c8-89fe-f46f9e9622b6\"}}]";

        AppClient.Reply reply = app.send(HttpRequest.newBuilder(environment.host().eventGridWebhook("OnKeyEvent"))
                .header("aeg-event-type", "SubscriptionValidation")
                .POST(HttpRequest.BodyPublishers.ofString(validation)));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("validationResponse").asText()).isEqualTo("512d38b6-c7b8-40c8-89fe-f46f9e9622b6");
    }

    @Test
    void eventGridItselfValidatedBothSubscriptionsAgainstTheWebhook() {
        assertThat(environment.emulator().eventGrid().subscriptions())
                .extracting(subscription -> subscription.endpoint().toString())
                .containsExactlyInAnyOrder(environment.host().eventGridWebhook("OnKeyEvent").toString(),
                        environment.host().eventGridWebhook("OnResourceWrite").toString());
    }

    @Test
    void anUnreadableEventIsAcknowledgedAndShownInTheHealthReport() {
        AppClient.Reply reply = app.send(HttpRequest.newBuilder(environment.host().eventGridWebhook("OnKeyEvent"))
                .header("aeg-event-type", "Notification")
                .POST(HttpRequest.BodyPublishers.ofString("[{\"id\": \"x\", \"eventType\": \"Microsoft.KeyVault.KeyExpired\"}]")));

        assertThat(reply.status()).isEqualTo(202);
        assertThat(app.get("api/health").json().path("rejectedDeliveries")).anySatisfy(finding ->
                assertThat(finding.path("message").asText()).startsWith("Event Grid OnKeyEvent: not an Event Grid"));
    }

    @Test
    void aDeclaredBindingIsReadBackWithItsSpecAndConditions() {
        AppClient.Reply reply = app.get("api/bindings/vm-disks");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("spec").path("versionPolicy").asText()).isEqualTo("pinned");
        assertThat(reply.json().path("status").path("conditions")).hasSize(6);
    }
}
