package com.cmkorchestrator.triggers;

import com.cmkorchestrator.app.AppTestbed;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP functions called as the worker calls them, over the fake Azure. */
class HttpFunctionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AppTestbed bed = new AppTestbed();
    private final BindingFunctions bindings = Triggers.over(bed.graph).bindings();


    private static JsonNode body(HttpResponseMessage response) throws Exception {
        return JSON.readTree((String) response.getBody());
    }

    private HttpResponseMessage post(String json, String... headers) {
        return bindings.createOrUpdate(TestRequest.of(HttpMethod.POST, "/api/bindings", json, headers),
                TestRequest.CONTEXT);
    }

    @Test
    void postingABindingAnswers202WithLocationAndETag() throws Exception {
        HttpResponseMessage response = post(AppTestbed.json(AppTestbed.des("shared", VersionPolicy.PINNED)),
                "content-type", "application/json; charset=utf-8");

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(response.getHeader("Location")).isEqualTo("/api/bindings/vm-disks");
        assertThat(response.getHeader("ETag")).isNotBlank();
        assertThat(body(response).path("phase").asText()).isEqualTo("Pending");
    }

    @Test
    void postingTheSameSpecAgainAnswers200() {
        String json = AppTestbed.json(AppTestbed.des("shared", VersionPolicy.PINNED));
        post(json);
        bed.drain();

        assertThat(post(json).getStatusCode()).isEqualTo(200);
    }

    @Test
    void aCurrentIfMatchIsHonoured() {
        String etag = post(AppTestbed.json(AppTestbed.des("shared", VersionPolicy.PINNED))).getHeader("ETag");

        HttpResponseMessage response = post(AppTestbed.json(AppTestbed.des("shared", VersionPolicy.AUTO)),
                "If-Match", etag);

        assertThat(response.getStatusCode()).isEqualTo(202);
    }

    @Test
    void getShowsTheSpecAndTheSixConditionsAsTheyAre() throws Exception {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));

        HttpResponseMessage response = bindings.get(TestRequest.of(HttpMethod.GET, "/api/bindings/vm-disks", null),
                "vm-disks", TestRequest.CONTEXT);

        JsonNode view = body(response);
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(view.path("phase").asText()).isEqualTo("Verified");
        assertThat(view.path("spec").path("versionPolicy").asText()).isEqualTo("pinned");
        assertThat(view.path("status").path("conditions")).hasSize(6);
        assertThat(view.path("status").path("conditions").path(5).path("type").asText()).isEqualTo("Verified");
    }

    @Test
    void listAndDelete() throws Exception {
        post(AppTestbed.json(AppTestbed.des("shared", VersionPolicy.PINNED)));

        HttpResponseMessage list = bindings.list(TestRequest.of(HttpMethod.GET, "/api/bindings", null),
                TestRequest.CONTEXT);
        HttpResponseMessage deleted = bindings.delete(TestRequest.of(HttpMethod.DELETE, "/api/bindings/vm-disks", null),
                "vm-disks", TestRequest.CONTEXT);

        assertThat(body(list).path("value")).hasSize(1);
        assertThat(deleted.getStatusCode()).isEqualTo(204);
        assertThat(bed.stores.bindings().list()).isEmpty();
    }

    @Test
    void rotateAnswers202WithTheNewVersionAndThePlannedRebinds() throws Exception {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));

        HttpResponseMessage response = Triggers.over(bed.graph).keys().rotate(TestRequest.of(HttpMethod.POST,
                "/api/keys/contoso-hsm/shared/rotate", null), "contoso-hsm", "shared", TestRequest.CONTEXT);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(body(response).path("rebinding").path(0).asText()).isEqualTo("vm-disks");
        assertThat(body(response).path("version").asText()).isNotBlank();
    }

    @Test
    void anHsmRequestThatSaysNothingAboutPurgeProtectionGetsIt() throws Exception {
        String hsm = "\"hsm\": \"/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-hsm/providers"
                + "/Microsoft.KeyVault/managedHSMs/%s\", \"location\": \"westeurope\", "
                + "\"tenantId\": \"72f988bf-86f1-41af-91ab-2d7cd011db47\", "
                + "\"administrators\": [\"11111111-0000-0000-0000-000000000001\"]";
        HsmFunctions hsms = Triggers.over(bed.graph).hsms();

        HttpResponseMessage silent = hsms.request(TestRequest.of(HttpMethod.POST, "/api/hsms",
                "{" + hsm.formatted("silent-hsm") + "}"), TestRequest.CONTEXT);
        HttpResponseMessage explicit = hsms.request(TestRequest.of(HttpMethod.POST, "/api/hsms",
                "{" + hsm.formatted("test-hsm") + ", \"purgeProtection\": false}"), TestRequest.CONTEXT);

        assertThat(silent.getStatusCode()).isEqualTo(202);
        assertThat(body(silent).path("request").path("purgeProtection").asBoolean()).isTrue();
        assertThat(body(explicit).path("request").path("purgeProtection").asBoolean(true)).isFalse();
    }

    @Test
    void anHsmRequestSpelledInAnotherCaseIsTheSameRequest() {
        String request = "{\"hsm\": \"/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-hsm"
                + "/providers/Microsoft.KeyVault/managedHSMs/%s\", \"location\": \"westeurope\", "
                + "\"tenantId\": \"72f988bf-86f1-41af-91ab-2d7cd011db47\", "
                + "\"administrators\": [\"11111111-0000-0000-0000-000000000001\"]}";
        HsmFunctions hsms = Triggers.over(bed.graph).hsms();
        hsms.request(TestRequest.of(HttpMethod.POST, "/api/hsms", request.formatted("new-hsm")), TestRequest.CONTEXT);

        // Azure's names ignore case: NEW-HSM is the HSM new-hsm already asked for, not a second one to provision
        HttpResponseMessage again = hsms.request(TestRequest.of(HttpMethod.POST, "/api/hsms",
                request.formatted("NEW-HSM")), TestRequest.CONTEXT);
        HttpResponseMessage read = hsms.get(TestRequest.of(HttpMethod.GET, "/api/hsms/NEW-HSM", null), "NEW-HSM",
                TestRequest.CONTEXT);

        assertThat(again.getHeader("Location")).isEqualTo("/api/hsms/new-hsm");
        assertThat(bed.stores.hsmRequests().list()).singleElement()
                .satisfies(record -> assertThat(record.name()).isEqualTo("new-hsm"));
        assertThat(read.getStatusCode()).isEqualTo(200);
    }

    @Test
    void healthIsJsonAndTheDashboardIsHtml() throws Exception {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        HealthFunctions health = Triggers.over(bed.graph).health();

        HttpResponseMessage report = health.health(TestRequest.of(HttpMethod.GET, "/api/health", null),
                TestRequest.CONTEXT);
        HttpResponseMessage page = health.dashboard(TestRequest.of(HttpMethod.GET, "/api/dashboard", null),
                TestRequest.CONTEXT);

        assertThat(body(report).path("status").asText()).isEqualTo("Healthy");
        assertThat(page.getHeader("Content-Type")).startsWith("text/html");
        assertThat((String) page.getBody()).contains("vm-disks");
    }

    @Test
    void aStoredRecordThatCannotBeReadIsA500ThatRevealsNothingInternal() throws Exception {
        var request = bed.stores.hsmRequests().create("odd-hsm", "{}");
        bed.stores.hsmRequests().replace(request.withStatus("{\"secretish\": 1}", 1));

        HttpResponseMessage response = Triggers.over(bed.graph).hsms().get(TestRequest.of(HttpMethod.GET, "/api/hsms/odd-hsm", null),
                "odd-hsm", TestRequest.CONTEXT);

        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat((String) response.getBody()).contains("internal-error").doesNotContain("secretish");
    }
}
