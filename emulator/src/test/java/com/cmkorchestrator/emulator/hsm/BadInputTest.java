package com.cmkorchestrator.emulator.hsm;

import com.azure.core.http.HttpMethod;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


import static com.cmkorchestrator.emulator.hsm.HsmTestbed.ADMIN;
import static com.cmkorchestrator.emulator.hsm.HsmTestbed.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed or out-of-range input gets Key Vault's error code and a 4xx, never a 500, and changes
 * nothing: after every refused call the HSM holds no key and only the assignments it started with.
 */
class BadInputTest {
    @RegisterExtension
    static final HsmTestbed testbed = HsmTestbed.perClass();

    private static final String GUID = "0c0c0c0c-0000-4000-8000-000000000001";
    private static final String ROLE = "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/"
            + "33413926-3206-4cdd-b39a-83574fe37a17";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "malformed JSON|OPERATOR|POST|/keys/k/create|{\"kty\":|400|BadParameter",
        "a body that is not an object|OPERATOR|POST|/keys/k/create|[1,2]|400|BadParameter",
        "no body|OPERATOR|POST|/keys/k/create||400|BadParameter",
        "missing kty|OPERATOR|POST|/keys/k/create|{}|400|BadParameter",
        "unknown kty|OPERATOR|POST|/keys/k/create|{\"kty\":\"DSA\"}|400|BadParameter",
        "oct-HSM|OPERATOR|POST|/keys/k/create|{\"kty\":\"oct-HSM\"}|400|BadParameter",
        "unknown curve|OPERATOR|POST|/keys/k/create|{\"kty\":\"EC-HSM\",\"crv\":\"P-192\"}|400|BadParameter",
        "unknown key operation|OPERATOR|POST|/keys/k/create|{\"kty\":\"EC-HSM\",\"key_ops\":[\"fly\"]}|400|BadParameter",
        "exp as a string|OPERATOR|POST|/keys/k/create|{\"kty\":\"EC-HSM\",\"attributes\":{\"exp\":\"tomorrow\"}}|400|BadParameter",
        "a tag that is not a string|OPERATOR|POST|/keys/k/create|{\"kty\":\"EC-HSM\",\"tags\":{\"n\":1}}|400|BadParameter",
        "exportable without release policy|OPERATOR|POST|/keys/k/create|{\"kty\":\"EC-HSM\",\"attributes\":{\"exportable\":true}}|400|BadParameter",
        "a key name too long|OPERATOR|POST|/keys/" + "k1234567890123456789012345678901234567890123456789012345678901234567890"
                + "12345678901234567890123456789012345678901234567890123456789/create|{\"kty\":\"EC-HSM\"}|400|BadParameter",
        "maxresults above 25|OPERATOR|GET|/keys?maxresults=26||400|BadParameter",
        "a forged skiptoken|OPERATOR|GET|/keys?$skiptoken=@@@||400|BadParameter",
        "an assignment without properties|ADMIN|PUT|/providers/Microsoft.Authorization/roleAssignments/" + GUID + "|{}|400|BadParameter",
        "a principal that is not a GUID|ADMIN|PUT|/providers/Microsoft.Authorization/roleAssignments/" + GUID
                + "|{\"properties\":{\"roleDefinitionId\":\"" + ROLE + "\",\"principalId\":\"bob\"}}|400|BadParameter",
        "an assignment name that is not a GUID|ADMIN|PUT|/providers/Microsoft.Authorization/roleAssignments/mine"
                + "|{\"properties\":{\"roleDefinitionId\":\"" + ROLE + "\",\"principalId\":\"" + GUID + "\"}}|400|BadParameter",
        "a scope outside the HSM|ADMIN|PUT|/secrets/providers/Microsoft.Authorization/roleAssignments/" + GUID
                + "|{\"properties\":{\"roleDefinitionId\":\"" + ROLE + "\",\"principalId\":\"" + GUID + "\"}}|400|BadParameter",
        "an unsupported list filter|ADMIN|GET|/providers/Microsoft.Authorization/roleAssignments?$filter=roleName eq 'x'||400|BadParameter",
        "a custom role definition|ADMIN|PUT|/providers/Microsoft.Authorization/roleDefinitions/" + GUID + "|{}|400|BadParameter",
        "a key that does not exist|OPERATOR|GET|/keys/absent||404|KeyNotFound",
        "a version that does not exist|OPERATOR|GET|/keys/absent/00000000000000000000000000000000||404|KeyNotFound",
        "a deleted key that does not exist|ADMIN|GET|/deletedkeys/absent||403|AccessDenied"
    })
    void isRefusedWithKeyVaultsCodeAndChangesNothing(String what, String caller, String method, String path, String body,
                                                    int status, String code) {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        int assignmentsBefore = hsm.snapshot().roleAssignments().size();
        String separator = path.contains("?") ? "&" : "?";
        String url = hsm.uri().toString().replaceAll("/$", "") + path.replace(" ", "%20").replace("'", "%27")
                + separator + "api-version=7.5";

        HsmTestbed.Rest.Answer answer = testbed.rest(caller.equals("ADMIN") ? ADMIN : OPERATOR)
                .sendRaw(HttpMethod.valueOf(method), url, body);

        assertThat(answer.status()).as(what + ": " + answer.body()).isEqualTo(status);
        assertThat(answer.errorCode()).as(what).isEqualTo(code);
        assertThat(answer.body().path("error").path("message").asText()).as(what).isNotBlank();
        assertThat(hsm.snapshot().keys()).as(what).isEmpty();
        assertThat(hsm.snapshot().roleAssignments()).as(what).hasSize(assignmentsBefore);
    }
}
