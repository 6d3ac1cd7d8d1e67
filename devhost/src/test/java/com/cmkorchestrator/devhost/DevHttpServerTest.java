package com.cmkorchestrator.devhost;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevHttpServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static DevHttpServer server;

    @BeforeAll
    static void start() {
        FunctionCatalog catalog = FunctionCatalog.scan(List.of(SampleFunctions.class),
                Map.of("SWEEP_SCHEDULE", "0 */5 * * * *"));
        server = DevHttpServer.start("127.0.0.1", 0, catalog, new FunctionInvoker(type -> new SampleFunctions()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clear() {
        SampleFunctions.EVENTS.clear();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI at(String path) {
        return server.baseUri().resolve(path);
    }

    @Test
    void routesHttpRequestsToTheFunctionWithRouteValues() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(at("/api/things/blue")).GET());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"name\":\"blue\",\"fn\":\"GetThing\"}");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void passesTheBodyAndReturnsHeaders() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(at("/api/things"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")));
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEqualTo("{\"a\":1}");
        assertThat(response.headers().firstValue("Location")).hasValue("/api/things/x");
    }

    @Test
    void answersNotFoundForAnUnknownRouteOrMethod() throws Exception {
        assertThat(send(HttpRequest.newBuilder(at("/api/nothing")).GET()).statusCode()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(at("/api/things/blue")).DELETE()).statusCode()).isEqualTo(404);
    }

    @Test
    void itsOwnNotFoundIsAProblemDocument() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(at("/nothing/here")).GET());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("urn:cmk-orchestrator:problem:route-not-found").contains("\"errors\":[]");
    }

    @Test
    void aMethodTheRouteDoesNotTakeFallsThroughToTheCatchAllThatSortsLast() throws Exception {
        FunctionCatalog catalog = FunctionCatalog.scan(List.of(SampleCatchAllFunctions.class), Map.of());
        try (DevHttpServer host = DevHttpServer.start("127.0.0.1", 0, catalog,
                new FunctionInvoker(type -> new SampleCatchAllFunctions()))) {
            URI base = host.baseUri();

            HttpResponse<String> taken = send(HttpRequest.newBuilder(base.resolve("/api/things/blue")).GET());
            HttpResponse<String> wrongMethod = send(HttpRequest.newBuilder(base.resolve("/api/things/blue")).DELETE());
            HttpResponse<String> unknown = send(HttpRequest.newBuilder(base.resolve("/api/no/such/route")).GET());

            assertThat(taken.body()).isEqualTo("thing");
            assertThat(wrongMethod.body()).isEqualTo("caught DELETE things/blue");
            assertThat(unknown.body()).isEqualTo("caught GET no/such/route");
        }
    }

    @Test
    void answersTheEventGridValidationHandshakeWithoutCallingTheFunction() throws Exception {
        String validation = "[{\"id\":\"1\",\"eventType\":\"Microsoft.EventGrid.SubscriptionValidationEvent\","
                + "\"data\":{\"validationCode\":\"512d38b6-c7b8-40c8-89fe-f46f9e9622b6\"}}]";
        HttpResponse<String> response = send(HttpRequest.newBuilder(at("/runtime/webhooks/EventGrid?functionName=OnEvent"))
                .header("aeg-event-type", "SubscriptionValidation").POST(HttpRequest.BodyPublishers.ofString(validation)));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"validationResponse\":\"512d38b6-c7b8-40c8-89fe-f46f9e9622b6\"}");
        assertThat(SampleFunctions.EVENTS).isEmpty();
    }

    @Test
    void deliversEachEventOfABatchToTheFunction() throws Exception {
        String batch = "[{\"id\":\"1\",\"eventType\":\"A\"},{\"id\":\"2\",\"eventType\":\"B\"}]";
        HttpResponse<String> response = send(HttpRequest.newBuilder(at("/runtime/webhooks/EventGrid?functionName=OnEvent"))
                .header("aeg-event-type", "Notification").POST(HttpRequest.BodyPublishers.ofString(batch)));
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(SampleFunctions.EVENTS).containsExactly("{\"id\":\"1\",\"eventType\":\"A\"}", "{\"id\":\"2\",\"eventType\":\"B\"}");
    }

    @Test
    void refusesADeliveryThatIsNotJson() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(at("/runtime/webhooks/EventGrid?functionName=OnEvent"))
                .header("aeg-event-type", "Notification").POST(HttpRequest.BodyPublishers.ofString("{nope")));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(SampleFunctions.EVENTS).isEmpty();
    }

    @Test
    void runsANonHttpFunctionThroughTheAdminApi() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(at("/admin/functions/OnEvent"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"input\":\"{\\\"id\\\":\\\"9\\\"}\"}")));
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(SampleFunctions.EVENTS).containsExactly("{\"id\":\"9\"}");
    }

    @Test
    void refusesToStartWhenAScheduleSettingIsMissing() {
        assertThatThrownBy(() -> FunctionCatalog.scan(List.of(SampleFunctions.class), Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SWEEP_SCHEDULE");
    }
}
