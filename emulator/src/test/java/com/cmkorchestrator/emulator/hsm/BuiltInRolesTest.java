package com.cmkorchestrator.emulator.hsm;

import com.azure.core.http.HttpMethod;
import com.azure.security.keyvault.administration.models.KeyVaultRoleDefinition;
import com.azure.security.keyvault.administration.models.KeyVaultRoleScope;
import com.azure.security.keyvault.administration.models.KeyVaultRoleType;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.cmkorchestrator.emulator.hsm.keys.HsmProperties;
import com.cmkorchestrator.emulator.hsm.rbac.BuiltInRole;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.cmkorchestrator.emulator.hsm.HsmTestbed.ADMIN;
import static com.cmkorchestrator.emulator.hsm.HsmTestbed.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in roles as a live Managed HSM lists them (resources {@code hsm/recordings}, see its
 * PROVENANCE.md), and what that means for the one role the documentation's table gets wrong.
 */
class BuiltInRolesTest {
    @RegisterExtension
    static final HsmTestbed testbed = HsmTestbed.perClass();

    @Test
    void everyBuiltInRoleGrantsTheDataActionsALiveHsmLists() throws IOException {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        Map<String, KeyVaultRoleDefinition> listed = testbed.access(hsm, ADMIN).listRoleDefinitions(KeyVaultRoleScope.GLOBAL)
                .stream().collect(Collectors.toMap(KeyVaultRoleDefinition::getName, Function.identity()));

        for (JsonNode live : liveRoleDefinitions().path("value")) {
            KeyVaultRoleDefinition emulated = listed.get(live.path("name").asText());
            assertThat(emulated).as(live.path("properties").path("roleName").asText()).isNotNull();
            assertThat(emulated.getId()).isEqualTo(live.path("id").asText());
            assertThat(emulated.getRoleName()).isEqualTo(live.path("properties").path("roleName").asText());
            assertThat(emulated.getRoleType()).isEqualTo(KeyVaultRoleType.BUILT_IN_ROLE);
            assertThat(emulated.getPermissions().get(0).getDataActions()).extracting(Object::toString)
                    .as(emulated.getRoleName()).containsExactlyInAnyOrderElementsOf(
                            texts(live.path("properties").path("permissions").get(0).path("dataActions")));
        }
    }

    @Test
    void aCryptoAuditorReadsDeletedKeysButCannotPurgeThem() {
        ManagedHsm hsm = testbed.activeHsmWithOperator(new HsmProperties(7, false));
        testbed.keys(hsm, OPERATOR).createRsaKey(new CreateRsaKeyOptions("audited").setHardwareProtected(true));
        assertThat(testbed.rest(OPERATOR).send(HttpMethod.DELETE, hsm, "/keys/audited", null).status()).isEqualTo(200);
        String auditor = HsmTestbed.newPrincipal();
        testbed.access(hsm, ADMIN).createRoleAssignment(KeyVaultRoleScope.KEYS, BuiltInRole.CRYPTO_AUDITOR.definitionId(), auditor);

        HsmTestbed.Rest.Answer read = testbed.rest(auditor).get(hsm, "/deletedkeys/audited");
        HsmTestbed.Rest.Answer purge = testbed.rest(auditor).send(HttpMethod.DELETE, hsm, "/deletedkeys/audited", null);

        assertThat(read.status()).isEqualTo(200);
        assertThat(purge.status()).isEqualTo(403);
        assertThat(purge.errorCode()).isEqualTo("AccessDenied");
        assertThat(hsm.snapshot().keys()).singleElement().satisfies(key -> assertThat(key.deleted()).isTrue());
    }

    private static JsonNode liveRoleDefinitions() throws IOException {
        try (InputStream in = BuiltInRolesTest.class.getResourceAsStream("/hsm/recordings/ListRoleDefinitions-live.json")) {
            return EmuRequest.JSON.readTree(in);
        }
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }
}
