package com.cmkorchestrator.triggers;

import com.cmkorchestrator.app.AppTestbed;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.state.ReconcileQueue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every HTTP route against bad input: each answer is a 4xx problem+json naming the field or parameter at fault,
 * and nothing changes: no record, no work item, no Azure call.
 */
class MalformedInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STORAGE = AppTestbed.json(AppTestbed.storage("orders-cmk", VersionPolicy.AUTO));
    private static final String OTHER_SUBSCRIPTION = "/subscriptions/99999999-9999-9999-9999-999999999999";

    private AppTestbed bed;
    private Triggers functions;

    /** One bad request: how to send it, and the answer expected. */
    record Case(String description, Function<TestRequest.Call, HttpResponseMessage> route, TestRequest request,
                int status, String problem, String field) {
        @Override
        public String toString() {
            return description;
        }
    }

    @BeforeEach
    void install() {
        bed = new AppTestbed();
        functions = Triggers.over(bed.graph);
        // a binding to run conditional and named requests against
        functions.bindings().createOrUpdate(TestRequest.of(HttpMethod.POST, "/api/bindings", STORAGE),
                TestRequest.CONTEXT);
        bed.drain();
        bed.azure.log.clear();
    }

    private static String storageWith(String field, Object value) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(STORAGE);
            node.set(field, JSON.valueToTree(value));
            return node.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The storage binding with an identity to create in {@code location}. */
    private static String identityLocation(String location) {
        return storageWith("identity", Map.of("create", Map.of("resourceGroup", "rg-app", "name", "orders-cmk-id",
                "location", location)));
    }

    private static Case post(String description, String body, int status, String problem, String field,
                             String... headers) {
        return new Case(description, call -> call.functions().bindings().createOrUpdate(call.request(), call.context()),
                TestRequest.of(HttpMethod.POST, "/api/bindings", body, headers), status, problem, field);
    }

    private static Case hsm(String description, String body, int status, String problem, String field) {
        return new Case(description, call -> call.functions().hsms().request(call.request(), call.context()),
                TestRequest.of(HttpMethod.POST, "/api/hsms", body), status, problem, field);
    }

    static Stream<Case> cases() {
        String hsmRequest = "{\"hsm\": \"/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-hsm/providers"
                + "/Microsoft.KeyVault/managedHSMs/new-hsm\", \"location\": \"westeurope\", \"tenantId\": \"%s\", "
                + "\"administrators\": [\"11111111-0000-0000-0000-000000000001\"]}";
        return Stream.of(
                post("no body", null, 400, "malformed-request", ""),
                post("not JSON", "{\"name\": ", 400, "malformed-request", ""),
                post("a JSON array", "[1, 2]", 400, "malformed-request", ""),
                post("duplicate fields", "{\"name\": \"a\", \"name\": \"b\"}", 400, "malformed-request", ""),
                post("another media type", STORAGE, 415, "unsupported-media-type", "Content-Type", "Content-Type", "text/plain"),
                post("a Content-Type of parameters only", STORAGE, 415, "unsupported-media-type", "Content-Type",
                        "Content-Type", ";"),
                post("too large", storageWith("name", "x".repeat(70_000)), 413, "payload-too-large", null),
                post("a bad name", storageWith("name", "Not A Name"), 422, "invalid-field", "name"),
                post("an unknown field", storageWith("colour", "blue"), 422, "invalid-field", "colour"),
                post("a key of the wrong type", storageWith("key", "orders-cmk"), 422, "invalid-field", "key"),
                post("an expiry too far off to compute", storageWith("key", Map.of("name", "k", "type", "RSA-HSM",
                        "rotationPolicy", Map.of("expireAfter", "P999999999Y"))), 422, "invalid-field",
                        "key.rotationPolicy.expireAfter"),
                post("an RSA size Azure refuses", storageWith("key", Map.of("name", "k", "type", "RSA-HSM", "size", 1024)),
                        422, "invalid-field", "key.size"),
                post("a target that is no ARM ID", storageWith("target", "ordersdata"), 422, "invalid-field", "target"),
                // '..' is a step up in the ARM URL the ID becomes, never a resource name
                post("an HSM whose name Azure cannot have", storageWith("hsm", "/subscriptions/11111111-2222-3333-4444"
                        + "-555555555555/resourceGroups/rg-hsm/providers/Microsoft.KeyVault/managedHSMs/contoso_hsm"), 422,
                        "invalid-field", "hsm"),
                post("a target named '..'", storageWith("target", "/subscriptions/11111111-2222-3333-4444-555555555555"
                        + "/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/.."), 422, "invalid-field",
                        "target"),
                // wrong JSON types are refused, not coerced: 123 is no name, and 2048.5 bits is not 2048
                post("a name that is a number", storageWith("name", 123), 422, "invalid-field", "name"),
                post("a key size with a fraction", storageWith("key", Map.of("name", "k", "type", "RSA-HSM",
                        "size", 2048.5)), 422, "invalid-field", "key.size"),
                post("a key size given as text", storageWith("key", Map.of("name", "k", "type", "RSA-HSM",
                        "size", "3072")), 422, "invalid-field", "key.size"),
                post("a storage binding without identity", storageWith("identity", null), 422, "invalid-field",
                        "identity"),
                post("an unknown version policy", storageWith("versionPolicy", "sometimes"), 422, "invalid-field",
                        "versionPolicy"),
                post("a target outside the allow-list", storageWith("target", OTHER_SUBSCRIPTION
                        + "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/other"), 403, "out-of-scope",
                        "target"),
                post("an existing identity outside the allow-list", storageWith("identity", Map.of("existing",
                        OTHER_SUBSCRIPTION + "/resourceGroups/rg/providers/Microsoft.ManagedIdentity/"
                                + "userAssignedIdentities/foreign")), 403, "out-of-scope", "identity.existing"),
                post("an identity to create outside the allow-list", storageWith("identity", Map.of("create",
                        Map.of("subscriptionId", OTHER_SUBSCRIPTION.substring("/subscriptions/".length()),
                                "resourceGroup", "rg-app", "name", "orders-cmk-id"))), 403, "out-of-scope",
                        "identity.create"),
                post("an identity location that is markup", identityLocation("<script>"), 422, "invalid-field",
                        "identity.create.location"),
                post("an identity location holding NUL", identityLocation("west\u0000europe"), 422, "invalid-field",
                        "identity.create.location"),
                post("an identity location of 60,000 characters", identityLocation("a".repeat(60_000)), 422,
                        "invalid-field", "identity.create.location"),
                post("an identity location that is no Azure region", identityLocation("narnia"), 422,
                        "invalid-field", "identity.create.location"),
                post("a target with a control character", storageWith("target", "/subscriptions/11111111-2222-3333-4444"
                        + "-555555555555/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/orders\u0007"),
                        422, "invalid-field", "target"),
                post("a stale If-Match", storageWith("versionPolicy", "pinned"), 412, "precondition-failed", null,
                        "If-Match", "W/\"stale\""),
                new Case("GET with a malformed name", call -> call.functions().bindings().get(call.request(), "Bad_Name",
                        call.context()), TestRequest.of(HttpMethod.GET, "/api/bindings/Bad_Name", null), 400,
                        "invalid-parameter", "name"),
                new Case("GET of an unknown binding", call -> call.functions().bindings().get(call.request(), "nope",
                        call.context()), TestRequest.of(HttpMethod.GET, "/api/bindings/nope", null), 404, "not-found",
                        "name"),
                new Case("DELETE with a malformed name", call -> call.functions().bindings().delete(call.request(), "a/b",
                        call.context()), TestRequest.of(HttpMethod.DELETE, "/api/bindings/a%2Fb", null), 400,
                        "invalid-parameter", "name"),
                new Case("DELETE of an unknown binding", call -> call.functions().bindings().delete(call.request(), "nope",
                        call.context()), TestRequest.of(HttpMethod.DELETE, "/api/bindings/nope", null), 404,
                        "not-found", "name"),
                hsm("an HSM request that is not JSON", "nope", 400, "malformed-request", ""),
                hsm("an HSM request with purgeProtection as a number", hsmRequest.formatted(
                        "72f988bf-86f1-41af-91ab-2d7cd011db47").replace("}", ", \"purgeProtection\": 0}"), 422,
                        "invalid-field", "purgeProtection"),
                hsm("an HSM request with fractional retention days", hsmRequest.formatted(
                        "72f988bf-86f1-41af-91ab-2d7cd011db47").replace("}", ", \"softDeleteRetentionDays\": 7.9}"),
                        422, "invalid-field", "softDeleteRetentionDays"),
                hsm("an activation with a null certificate", hsmRequest.formatted("72f988bf-86f1-41af-91ab-2d7cd011db47")
                        .replace("}", ", \"activation\": {\"certificates\": [null, null, null], \"quorum\": 2, "
                                + "\"destination\": \"https://sd.blob.core.windows.net/sd/new-hsm.json\"}}"), 422,
                        "invalid-field", "activation.certificates[0]"),
                hsm("an HSM request with a bad tenant", hsmRequest.formatted("not-a-guid"), 422, "invalid-field",
                        "tenantId"),
                hsm("an HSM request without administrators", hsmRequest.formatted("72f988bf-86f1-41af-91ab-2d7cd011db47")
                        .replace("\"11111111-0000-0000-0000-000000000001\"", ""), 422, "invalid-field", "administrators"),
                hsm("an HSM location that is markup", hsmRequest.formatted("72f988bf-86f1-41af-91ab-2d7cd011db47")
                        .replace("westeurope", "<script>"), 422, "invalid-field", "location"),
                hsm("an HSM location that is no Azure region", hsmRequest.formatted(
                        "72f988bf-86f1-41af-91ab-2d7cd011db47").replace("westeurope", "narnia"), 422, "invalid-field",
                        "location"),
                hsm("an HSM outside the allow-list", hsmRequest.formatted("72f988bf-86f1-41af-91ab-2d7cd011db47")
                        .replace("/subscriptions/11111111-2222-3333-4444-555555555555", OTHER_SUBSCRIPTION), 403,
                        "out-of-scope", "hsm"),
                new Case("GET of an HSM with a malformed name", call -> call.functions().hsms().get(call.request(), "a_b",
                        call.context()), TestRequest.of(HttpMethod.GET, "/api/hsms/a_b", null), 400, "invalid-parameter",
                        "name"),
                new Case("GET of an unknown HSM request", call -> call.functions().hsms().get(call.request(), "nope",
                        call.context()), TestRequest.of(HttpMethod.GET, "/api/hsms/nope", null), 404, "not-found", "name"),
                new Case("rotate with a malformed HSM name", call -> call.functions().keys().rotate(call.request(), "a_b",
                        "orders-cmk", call.context()), TestRequest.of(HttpMethod.POST, "/api/keys/a_b/orders-cmk/rotate",
                        null), 400, "invalid-parameter", "hsm"),
                new Case("rotate with a malformed key name", call -> call.functions().keys().rotate(call.request(),
                        "contoso-hsm", "a.b", call.context()), TestRequest.of(HttpMethod.POST,
                        "/api/keys/contoso-hsm/a.b/rotate", null), 400, "invalid-parameter", "key"),
                new Case("rotate on an HSM no binding uses", call -> call.functions().keys().rotate(call.request(),
                        "other-hsm", "orders-cmk", call.context()), TestRequest.of(HttpMethod.POST,
                        "/api/keys/other-hsm/orders-cmk/rotate", null), 404, "not-found", "hsm"),
                new Case("rotate a key the HSM does not hold", call -> call.functions().keys().rotate(call.request(),
                        "contoso-hsm", "missing", call.context()), TestRequest.of(HttpMethod.POST,
                        "/api/keys/contoso-hsm/missing/rotate", null), 404, "not-found", "key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithAProblemNamingTheFieldAndChangesNothing(Case bad) throws Exception {
        String before = snapshot();

        HttpResponseMessage response = bad.route().apply(new TestRequest.Call(bad.request(), TestRequest.CONTEXT, functions));

        assertThat(response.getStatusCode()).isEqualTo(bad.status());
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
        JsonNode problem = JSON.readTree((String) response.getBody());
        assertThat(problem.path("type").asText()).isEqualTo("urn:cmk-orchestrator:problem:" + bad.problem());
        assertThat(problem.path("status").asInt()).isEqualTo(bad.status());
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(problem.path("instance").asText()).isEqualTo(bad.request().getUri().getPath());
        if (bad.field() != null) {
            assertThat(problem.path("errors").path(0).path("field").asText()).isEqualTo(bad.field());
        }
        assertThat(snapshot()).isEqualTo(before);
        assertThat(bed.queue.receive(ReconcileQueue.MAX_RECEIVE, Duration.ofSeconds(1))).isEmpty();
        assertThat(bed.azure.log.writes()).isEmpty();
    }

    @Test
    void provisioningSwitchedOffIsRefusedAsDisabled() throws Exception {
        AppTestbed off = new AppTestbed(Map.of("CMK_HSM_PROVISIONING_ENABLED", "false"));
        String request = "{\"hsm\": \"/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-hsm/providers"
                + "/Microsoft.KeyVault/managedHSMs/new-hsm\", \"location\": \"westeurope\", "
                + "\"tenantId\": \"72f988bf-86f1-41af-91ab-2d7cd011db47\", "
                + "\"administrators\": [\"11111111-0000-0000-0000-000000000001\"]}";

        HttpResponseMessage response = Triggers.over(off.graph).hsms().request(
                TestRequest.of(HttpMethod.POST, "/api/hsms", request), TestRequest.CONTEXT);

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(JSON.readTree((String) response.getBody()).path("detail").asText())
                .contains("CMK_HSM_PROVISIONING_ENABLED");
        assertThat(off.stores.hsmRequests().list()).isEmpty();
    }

    @Test
    void aBindingWithSeveralFaultsListsEveryOneOfThem() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(storageWith("name", "Not A Name"));
        body.put("versionPolicy", "sometimes");
        body.put("colour", "blue");
        ((ObjectNode) body.path("key")).put("size", 1024);

        HttpResponseMessage response = functions.bindings().createOrUpdate(
                TestRequest.of(HttpMethod.POST, "/api/bindings", body.toString()), TestRequest.CONTEXT);

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(JSON.readTree((String) response.getBody()).path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("name", "key.size", "versionPolicy", "colour");
    }

    @Test
    void aBindingReachingOutsideTheAllowListInSeveralPlacesNamesEachOfThem() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(storageWith("target", OTHER_SUBSCRIPTION
                + "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/other"));
        body.set("identity", JSON.valueToTree(Map.of("existing", OTHER_SUBSCRIPTION
                + "/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/foreign")));

        HttpResponseMessage response = functions.bindings().createOrUpdate(
                TestRequest.of(HttpMethod.POST, "/api/bindings", body.toString()), TestRequest.CONTEXT);

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(JSON.readTree((String) response.getBody()).path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("target", "identity.existing");
    }

    @Test
    void anAzureRegionIsAcceptedByItsNameOrDisplayNameInAnyCase() {
        for (String location : List.of("westeurope", "WestEurope", "West Europe")) {
            HttpResponseMessage response = functions.bindings().createOrUpdate(TestRequest.of(HttpMethod.POST,
                    "/api/bindings", identityLocation(location)), TestRequest.CONTEXT);

            assertThat(response.getStatusCode()).as(location).isIn(200, 202);
        }
    }

    @Test
    void anHsmRequestWithSeveralFaultsListsEveryOneOfThem() throws Exception {
        String request = "{\"hsm\": \"/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-hsm/providers"
                + "/Microsoft.KeyVault/managedHSMs/new-hsm\", \"sku\": \"Tiny\", \"tenantId\": \"nope\", "
                + "\"administrators\": [], \"softDeleteRetentionDays\": 120}";

        HttpResponseMessage response = functions.hsms().request(TestRequest.of(HttpMethod.POST, "/api/hsms", request),
                TestRequest.CONTEXT);

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(JSON.readTree((String) response.getBody()).path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("location", "sku", "tenantId", "administrators", "softDeleteRetentionDays");
    }

    @Test
    void aProblemThatNamesNoFieldStillCarriesAnEmptyErrorsList() throws Exception {
        HttpResponseMessage response = functions.bindings().createOrUpdate(TestRequest.of(HttpMethod.POST,
                "/api/bindings", storageWith("name", "x".repeat(70_000))), TestRequest.CONTEXT);

        JsonNode errors = JSON.readTree((String) response.getBody()).path("errors");
        assertThat(errors.isArray()).isTrue();
        assertThat(errors).isEmpty();
    }

    /** Everything a request could change, as text. */
    private String snapshot() {
        return List.of(bed.stores.bindings().list(), bed.stores.hsmRequests().list(), bed.stores.findings().all())
                .toString();
    }
}
