package com.cmkorchestrator.triggers;

import com.cmkorchestrator.app.AppTestbed;
import com.cmkorchestrator.config.AppSettings;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entra ID on the HTTP API (issue 10, finding 7): with {@code CMK_API_AUTH=entra} every route takes only a caller App
 * Service authentication signed in and an app role, called as the Functions worker calls the methods.
 */
class ApiSignInTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STORAGE = AppTestbed.json(AppTestbed.storage("orders-cmk", VersionPolicy.AUTO));
    private static final Map<String, String> ENTRA = Map.of(AppSettings.CMK_API_AUTH, "entra");

    private final AppTestbed bed = new AppTestbed(ENTRA, true);
    private final Triggers functions = Triggers.over(bed.graph);

    /** The X-MS-CLIENT-PRINCIPAL App Service sets for a caller with these app roles. */
    private static String principal(String provider, String... roles) {
        StringBuilder claims = new StringBuilder("{\"typ\": \"name\", \"val\": \"alice@contoso.com\"}");
        for (String role : roles) {
            claims.append(", {\"typ\": \"roles\", \"val\": \"").append(role).append("\"}");
        }
        String json = "{\"auth_typ\": \"" + provider + "\", \"claims\": [" + claims + "], \"name_typ\": \"name\","
                + " \"role_typ\": \"http://schemas.microsoft.com/ws/2008/06/identity/claims/role\"}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponseMessage declare(Triggers through, String... headers) {
        return through.bindings().createOrUpdate(TestRequest.of(HttpMethod.POST, "/api/bindings", STORAGE, headers),
                TestRequest.CONTEXT);
    }

    private HttpResponseMessage list(String... headers) {
        return functions.bindings().list(TestRequest.of(HttpMethod.GET, "/api/bindings", null, headers),
                TestRequest.CONTEXT);
    }

    private static JsonNode problem(HttpResponseMessage response) throws Exception {
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
        return JSON.readTree((String) response.getBody());
    }

    @Test
    void aHeaderOnAnAppWithoutAppServiceAuthenticationGetsNowhere() throws Exception {
        AppTestbed withoutPlatformSignIn = new AppTestbed(ENTRA);

        HttpResponseMessage response = declare(Triggers.over(withoutPlatformSignIn.graph),
                "X-MS-CLIENT-PRINCIPAL", principal("aad", "CmkOrchestrator.Operator"));

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(problem(response).path("type").asText()).isEqualTo("urn:cmk-orchestrator:problem:unauthenticated");
        assertThat(withoutPlatformSignIn.stores.bindings().list()).isEmpty();
    }

    @Test
    void aCallerWhoDidNotSignInIsA401AndNothingChanges() throws Exception {
        HttpResponseMessage response = declare(functions);

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(problem(response).path("detail").asText()).contains("Microsoft Entra ID");
        assertThat(bed.stores.bindings().list()).isEmpty();
    }

    @Test
    void anOperatorMayDeclare() {
        HttpResponseMessage response = declare(functions, "X-MS-CLIENT-PRINCIPAL",
                principal("aad", "CmkOrchestrator.Operator"));

        assertThat(response.getStatusCode()).isEqualTo(202);
    }

    @Test
    void aReaderMayReadButNotDeclare() throws Exception {
        String reader = principal("aad", "CmkOrchestrator.Reader");

        HttpResponseMessage write = declare(functions, "X-MS-CLIENT-PRINCIPAL", reader);
        HttpResponseMessage read = list("X-MS-CLIENT-PRINCIPAL", reader);

        assertThat(write.getStatusCode()).isEqualTo(403);
        assertThat(problem(write).path("type").asText()).isEqualTo("urn:cmk-orchestrator:problem:forbidden");
        assertThat(problem(write).path("detail").asText()).contains("alice@contoso.com")
                .contains("CmkOrchestrator.Operator");
        assertThat(read.getStatusCode()).isEqualTo(200);
        assertThat(bed.stores.bindings().list()).isEmpty();
    }

    @Test
    void aSignedInCallerWithoutAnAppRoleMayNotEvenRead() {
        assertThat(list("X-MS-CLIENT-PRINCIPAL", principal("aad")).getStatusCode()).isEqualTo(403);
    }

    @Test
    void aPrincipalOfAnotherProviderOrUnreadableIsA401() {
        for (String header : List.of(principal("github", "CmkOrchestrator.Operator"), "not base64 %%",
                Base64.getEncoder().encodeToString("[1, 2]".getBytes(StandardCharsets.UTF_8)))) {
            assertThat(list("X-MS-CLIENT-PRINCIPAL", header).getStatusCode()).as(header).isEqualTo(401);
        }
    }

    @Test
    void everyHttpRouteIsGatedTheUnknownOnesToo() {
        HttpResponseMessage health = functions.health().health(TestRequest.of(HttpMethod.GET, "/api/health", null),
                TestRequest.CONTEXT);
        HttpResponseMessage rotate = functions.keys().rotate(TestRequest.of(HttpMethod.POST,
                "/api/keys/contoso-hsm/orders-cmk/rotate", null), "contoso-hsm", "orders-cmk", TestRequest.CONTEXT);
        HttpResponseMessage unknown = new UnmatchedRouteFunctions(bed.graph.apiGate()).unmatched(
                TestRequest.of(HttpMethod.GET, "/api/secrets", null), "secrets", TestRequest.CONTEXT);

        assertThat(List.of(health, rotate, unknown)).extracting(HttpResponseMessage::getStatusCode)
                .containsOnly(401);
    }

    @Test
    void withoutSignInEveryCallerIsServedAsTheLocalRunIs() {
        AppTestbed open = new AppTestbed(Map.of(AppSettings.CMK_API_AUTH, "none"));

        assertThat(declare(Triggers.over(open.graph)).getStatusCode()).isEqualTo(202);
    }
}
