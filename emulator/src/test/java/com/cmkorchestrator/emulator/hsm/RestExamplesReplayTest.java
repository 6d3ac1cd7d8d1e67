package com.cmkorchestrator.emulator.hsm;

import com.cmkorchestrator.emulator.hsm.keys.HsmProperties;
import com.azure.core.http.HttpMethod;
import com.cmkorchestrator.emulator.hsm.rbac.BuiltInRole;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

import static com.cmkorchestrator.emulator.hsm.HsmTestbed.ADMIN;
import static com.cmkorchestrator.emulator.hsm.HsmTestbed.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Replays the official 7.5 data-plane examples (vendored under {@code hsm/rest-examples}, see its
 * PROVENANCE.md for the few request substitutions): each example's request goes in, and the answer
 * must have the example's status and shape.
 */
class RestExamplesReplayTest {
    @RegisterExtension
    static final HsmTestbed testbed = HsmTestbed.perClass();

    record Example(JsonNode parameters, int status, JsonNode body) {
        String apiVersion() { return parameters.path("api-version").asText(); }

        String param(String name) { return parameters.path(name).asText(); }
    }

    static Example example(String file) {
        try (InputStream in = RestExamplesReplayTest.class.getResourceAsStream("/hsm/rest-examples/" + file)) {
            JsonNode root = EmuRequest.JSON.readTree(in);
            Map.Entry<String, JsonNode> response = root.path("responses").fields().next();
            return new Example(root.path("parameters"), Integer.parseInt(response.getKey()), response.getValue().path("body"));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("cannot read example " + file, e);
        }
    }

    private static HsmTestbed.Rest.Answer send(String caller, HttpMethod method, ManagedHsm hsm, String path,
                                              Example example, JsonNode body) {
        String separator = path.contains("?") ? "&" : "?";
        // Concatenated, not resolved: "//keys/..." (how the SDKs spell scope /keys) would resolve as a host.
        String base = hsm.uri().toString().substring(0, hsm.uri().toString().length() - 1);
        return testbed.rest(caller).sendRaw(method, base + path + separator + "api-version="
                + example.apiVersion(), body == null ? null : body.toString());
    }

    /** Every field of {@code expected} is in {@code actual}, with the same JSON type, recursively. */
    static void assertSameShape(JsonNode expected, JsonNode actual, String where) {
        if (expected.isObject()) {
            assertThat(actual.isObject()).as(where + " is an object in " + actual).isTrue();
            Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                assertThat(actual.has(field.getKey())).as(where + "." + field.getKey() + " present in " + actual).isTrue();
                assertSameShape(field.getValue(), actual.get(field.getKey()), where + "." + field.getKey());
            }
        } else if (expected.isArray()) {
            assertThat(actual.isArray()).as(where + " is an array").isTrue();
            if (!expected.isEmpty()) {
                assertThat(actual).as(where + " is not empty").isNotEmpty();
                assertSameShape(expected.get(0), actual.get(0), where + "[0]");
            }
        } else if (!expected.isNull()) {
            assertThat(actual.getNodeType()).as(where + " type").isEqualTo(expected.getNodeType());
        }
    }

    private static void assertMatches(Example example, HsmTestbed.Rest.Answer answer) {
        assertThat(answer.status()).as("status of " + answer.body()).isEqualTo(example.status());
        if (!example.body().isMissingNode()) {
            assertSameShape(example.body(), answer.body(), "$");
        }
    }

    private static JsonNode hsmKeyBody(Example example, String parameter) {
        ObjectNode body = example.parameters().path(parameter).deepCopy();
        if (body.path("kty").asText().equals("RSA")) {
            body.put("kty", "RSA-HSM");
        }
        return body;
    }

    private static JsonNode createKey(ManagedHsm hsm, String name) {
        Example create = example("keys/CreateKey-example.json");
        HsmTestbed.Rest.Answer answer = send(OPERATOR, HttpMethod.POST, hsm, "/keys/" + name + "/create", create,
                hsmKeyBody(create, "parameters"));
        if (answer.status() != 200) {
            fail("create failed: " + answer.body());
        }
        return answer.body();
    }

    private static String version(JsonNode bundle) {
        String kid = bundle.path("key").path("kid").asText();
        return kid.substring(kid.lastIndexOf('/') + 1);
    }

    @Test
    void createKey() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        Example example = example("keys/CreateKey-example.json");

        HsmTestbed.Rest.Answer answer = send(OPERATOR, HttpMethod.POST, hsm, "/keys/" + example.param("key-name")
                + "/create", example, hsmKeyBody(example, "parameters"));

        assertMatches(example, answer);
        assertThat(answer.body().path("tags")).isEqualTo(example.body().path("tags"));
        assertThat(answer.body().path("key").path("key_ops")).isEqualTo(example.body().path("key").path("key_ops"));
    }

    @Test
    void getKey() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        Example example = example("keys/GetKey-example.json");
        JsonNode created = createKey(hsm, example.param("key-name"));

        assertMatches(example, send(OPERATOR, HttpMethod.GET, hsm, "/keys/" + example.param("key-name") + "/"
                + version(created), example, null));
    }

    @Test
    void updateKey() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        Example example = example("keys/UpdateKey-example.json");
        JsonNode created = createKey(hsm, example.param("key-name"));

        HsmTestbed.Rest.Answer answer = send(OPERATOR, HttpMethod.PATCH, hsm, "/keys/" + example.param("key-name") + "/"
                + version(created), example, example.parameters().path("parameters"));

        assertMatches(example, answer);
        JsonNode attributes = answer.body().path("attributes");
        assertThat(attributes.path("enabled").asBoolean()).isFalse();
        assertThat(attributes.path("nbf").asLong()).isEqualTo(631180800L);
        assertThat(attributes.path("exp").asLong()).isEqualTo(662716800L);
        assertThat(answer.body().path("key").path("key_ops")).isEqualTo(example.body().path("key").path("key_ops"));
    }

    @Test
    void getKeysPagesWithNextLink() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        Example example = example("keys/GetKeys-example.json");
        createKey(hsm, "first");
        createKey(hsm, "second");

        HsmTestbed.Rest.Answer page = send(OPERATOR, HttpMethod.GET, hsm, "/keys?maxresults=1", example, null);

        assertMatches(example, page);
        HsmTestbed.Rest.Answer next = testbed.rest(OPERATOR).sendRaw(HttpMethod.GET, page.body().path("nextLink").asText(), null);
        assertThat(next.body().path("value").get(0).path("kid").asText()).endsWith("/keys/second");
        assertThat(next.body().path("nextLink").isNull()).isTrue();
    }

    @Test
    void getKeyVersions() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        Example example = example("keys/GetKeyVersions-example.json");
        createKey(hsm, example.param("key-name"));
        createKey(hsm, example.param("key-name"));

        assertMatches(example, send(OPERATOR, HttpMethod.GET, hsm, "/keys/" + example.param("key-name")
                + "/versions?maxresults=1", example, null));
    }

    @Test
    void deleteGetDeletedListDeletedRecoverAndPurge() {
        ManagedHsm hsm = testbed.activeHsmWithOperator(new HsmProperties(90, false));
        testbed.access(hsm, ADMIN).createRoleAssignment(
                com.azure.security.keyvault.administration.models.KeyVaultRoleScope.GLOBAL,
                BuiltInRole.CRYPTO_OFFICER.definitionId(), OPERATOR);
        Example delete = example("keys/DeleteKey-example.json");
        String name = delete.param("key-name");
        createKey(hsm, name);
        createKey(hsm, "other");

        assertMatches(delete, send(OPERATOR, HttpMethod.DELETE, hsm, "/keys/" + name, delete, null));
        Example getDeleted = example("keys/GetDeletedKey-example.json");
        assertMatches(getDeleted, send(OPERATOR, HttpMethod.GET, hsm, "/deletedkeys/" + name, getDeleted, null));
        send(OPERATOR, HttpMethod.DELETE, hsm, "/keys/other", delete, null);
        Example listDeleted = example("keys/GetDeletedKeys-example.json");
        assertMatches(listDeleted, send(OPERATOR, HttpMethod.GET, hsm, "/deletedkeys?maxresults=1", listDeleted, null));
        Example recover = example("keys/RecoverDeletedKey-example.json");
        assertMatches(recover, send(OPERATOR, HttpMethod.POST, hsm, "/deletedkeys/" + name + "/recover", recover, null));
        Example purge = example("keys/PurgeDeletedKey-example.json");
        assertMatches(purge, send(OPERATOR, HttpMethod.DELETE, hsm, "/deletedkeys/other", purge, null));
    }

    @Test
    void rotationPolicyAndRotate() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        Example update = example("keys/UpdateKeyRotationPolicy-example.json");
        createKey(hsm, update.param("key-name"));

        HsmTestbed.Rest.Answer stored = send(OPERATOR, HttpMethod.PUT, hsm, "/keys/" + update.param("key-name")
                + "/rotationpolicy", update, update.parameters().path("keyRotationPolicy"));

        assertMatches(update, stored);
        assertThat(stored.body().path("lifetimeActions")).isEqualTo(update.body().path("lifetimeActions"));
        assertThat(stored.body().path("attributes").path("expiryTime").asText()).isEqualTo("P2Y");
        Example get = example("keys/GetKeyRotationPolicy-example.json");
        assertMatches(get, send(OPERATOR, HttpMethod.GET, hsm, "/keys/" + update.param("key-name") + "/rotationpolicy",
                get, null));
        Example rotate = example("keys/RotateKey-example.json");
        assertMatches(rotate, send(OPERATOR, HttpMethod.POST, hsm, "/keys/" + update.param("key-name") + "/rotate",
                rotate, null));
    }

    @Test
    void wrapThenUnwrapGivesBackTheExamplePlaintext() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        Example wrap = example("keys/wrapKey-example.json");
        JsonNode created = createKey(hsm, wrap.param("key-name"));
        String path = "/keys/" + wrap.param("key-name") + "/" + version(created);

        HsmTestbed.Rest.Answer wrapped = send(OPERATOR, HttpMethod.POST, hsm, path + "/wrapkey", wrap,
                wrap.parameters().path("parameters"));

        assertMatches(wrap, wrapped);
        Example unwrap = example("keys/unwrapKey-example.json");
        ObjectNode unwrapBody = unwrap.parameters().path("parameters").deepCopy();
        unwrapBody.put("value", wrapped.body().path("value").asText());
        HsmTestbed.Rest.Answer unwrapped = send(OPERATOR, HttpMethod.POST, hsm, path + "/unwrapkey", unwrap, unwrapBody);
        assertMatches(unwrap, unwrapped);
        assertThat(unwrapped.body().path("value").asText()).isEqualTo(unwrap.body().path("value").asText());
    }

    @Test
    void roleAssignmentsPutGetListDelete() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        Example put = example("rbac/PutRoleAssignments-example.json");
        String name = UUID.randomUUID().toString();
        ObjectNode body = put.parameters().path("parameters").deepCopy();
        ((ObjectNode) body.path("properties")).put("roleDefinitionId", BuiltInRole.CRYPTO_SERVICE_ENCRYPTION_USER.definitionId())
                .put("principalId", HsmTestbed.newPrincipal());
        String path = "//keys/providers/Microsoft.Authorization/roleAssignments";

        assertMatches(put, send(ADMIN, HttpMethod.PUT, hsm, path + "/" + name, put, body));
        Example get = example("rbac/GetRoleAssignments-example.json");
        assertMatches(get, send(ADMIN, HttpMethod.GET, hsm, path + "/" + name, get, null));
        Example list = example("rbac/ListRoleAssignments-example.json");
        assertMatches(list, send(ADMIN, HttpMethod.GET, hsm, path + "?$filter=atScope()", list, null));
        Example delete = example("rbac/DeleteRoleAssignments-example.json");
        assertMatches(delete, send(ADMIN, HttpMethod.DELETE, hsm, path + "/" + name, delete, null));
    }

    @Test
    void roleDefinitionsListAndGet() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        Example list = example("rbac/ListRoleDefinitions-example.json");
        Example get = example("rbac/GetRoleDefinition-example.json");
        String path = "///providers/Microsoft.Authorization/roleDefinitions";

        HsmTestbed.Rest.Answer listed = send(ADMIN, HttpMethod.GET, hsm, path, list, null);
        HsmTestbed.Rest.Answer got = send(ADMIN, HttpMethod.GET, hsm, path + "/" + BuiltInRole.CRYPTO_USER.guid(), get, null);

        assertThat(listed.status()).isEqualTo(list.status());
        // The list example shows a legacy "actions" permission; built-in roles carry dataActions (as the Get example).
        assertSameShape(get.body(), listed.body().path("value").get(0), "$.value[0]");
        assertMatches(get, got);
    }

    @Test
    void aCustomRoleDefinitionPutAtTheKeysScopeThenGet() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        Example put = example("rbac/PutRoleDefinition-example.json");
        String name = UUID.randomUUID().toString();

        HsmTestbed.Rest.Answer written = send(ADMIN, HttpMethod.PUT, hsm,
                "//keys/providers/Microsoft.Authorization/roleDefinitions/" + name, put, put.parameters().path("parameters"));

        assertMatches(put, written);
        // a live HSM also answers the empty actions, notActions and notDataActions arrays (azure-sdk-for-java recordings)
        for (String field : new String[] {"roleName", "type", "description", "assignableScopes"}) {
            assertThat(written.body().path("properties").path(field)).isEqualTo(put.body().path("properties").path(field));
        }
        assertThat(written.body().path("properties").path("permissions").get(0).path("dataActions"))
                .isEqualTo(put.body().path("properties").path("permissions").get(0).path("dataActions"));
        Example get = example("rbac/GetRoleDefinition-example.json");
        assertMatches(get, send(ADMIN, HttpMethod.GET, hsm, "///providers/Microsoft.Authorization/roleDefinitions/" + name, get, null));
    }

    @Test
    void settingsGetListUpdate() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        Example update = example("settings/UpdateSetting-example.json");
        String path = "/settings/" + update.param("setting-name");

        HsmTestbed.Rest.Answer updated = send(ADMIN, HttpMethod.PATCH, hsm, path, update, update.parameters().path("parameters"));

        assertMatches(update, updated);
        assertThat(updated.body()).isEqualTo(update.body());
        Example get = example("settings/GetSetting-example.json");
        assertThat(send(ADMIN, HttpMethod.GET, hsm, path, get, null).body()).isEqualTo(get.body());
        Example list = example("settings/ListSettings-example.json");
        assertThat(send(ADMIN, HttpMethod.GET, hsm, "/settings", list, null).body()).isEqualTo(list.body());
    }

    @Test
    void securityDomainDownloadAndStatus() {
        ManagedHsm hsm = testbed.provision();
        Example download = example("securitydomain/securitydomaindownloadpost-example.json");

        HsmTestbed.Rest.Answer answer = send(ADMIN, HttpMethod.POST, hsm, "/securitydomain/download", download,
                WrappingCertificates.downloadRequest(3, 2));

        assertMatches(download, answer);
        assertThat(answer.header("Azure-AsyncOperation")).endsWith("/securitydomain/download/pending");
        assertThat(answer.header("Retry-After")).isNotBlank();
        Example status = example("securitydomain/securitydomainoperationstatus-example.json");
        assertMatches(status, send(ADMIN, HttpMethod.GET, hsm, "/securitydomain/download/pending", status, null));
    }
}
