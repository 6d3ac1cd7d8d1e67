package com.cmkorchestrator.emulator.hsm;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpMethod;
import com.azure.security.keyvault.administration.KeyVaultAccessControlClient;
import com.azure.security.keyvault.administration.models.KeyVaultDataAction;
import com.azure.security.keyvault.administration.models.KeyVaultPermission;
import com.azure.security.keyvault.administration.models.KeyVaultRoleDefinition;
import com.azure.security.keyvault.administration.models.KeyVaultRoleScope;
import com.azure.security.keyvault.administration.models.KeyVaultRoleType;
import com.azure.security.keyvault.administration.models.SetRoleDefinitionOptions;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.cmkorchestrator.emulator.hsm.rbac.BuiltInRole;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import static com.cmkorchestrator.emulator.hsm.HsmTestbed.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

/** Custom local RBAC role definitions through the real KeyVaultAccessControlClient, and their enforcement. */
class CustomRolesTest {
    private static final String PREFIX = "Microsoft.KeyVault/managedHsm/";

    @RegisterExtension
    static final HsmTestbed testbed = HsmTestbed.perClass();

    @Test
    void setsGetsListsAndDeletesACustomRole() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyVaultAccessControlClient access = testbed.access(hsm, ADMIN);
        String name = UUID.randomUUID().toString();

        KeyVaultRoleDefinition set = access.setRoleDefinitionWithResponse(new SetRoleDefinitionOptions(KeyVaultRoleScope.GLOBAL, name)
                .setRoleName("key reader").setDescription("reads keys")
                .setPermissions(List.of(permission(List.of("keys/read/action"), List.of()))), com.azure.core.util.Context.NONE).getValue();

        assertThat(set.getId()).isEqualTo("Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/" + name);
        assertThat(set.getRoleType()).isEqualTo(KeyVaultRoleType.CUSTOM_ROLE);
        assertThat(set.getAssignableScopes()).containsExactly(KeyVaultRoleScope.GLOBAL);
        KeyVaultRoleDefinition got = access.getRoleDefinition(KeyVaultRoleScope.GLOBAL, name);
        // azure-security-keyvault-administration 4.6.4 sends the definition's GUID as its roleName,
        // whatever setRoleName says (KeyVaultAdministrationUtil.validateAndGetRoleDefinitionCreateParameters)
        assertThat(got.getRoleName()).isEqualTo(name);
        assertThat(got.getDescription()).isEqualTo("reads keys");
        assertThat(got.getPermissions().get(0).getDataActions()).extracting(Object::toString).containsExactly(PREFIX + "keys/read/action");
        assertThat(access.listRoleDefinitions(KeyVaultRoleScope.GLOBAL).stream().map(KeyVaultRoleDefinition::getName)).contains(name);

        access.deleteRoleDefinition(KeyVaultRoleScope.GLOBAL, name);

        assertThat(access.listRoleDefinitions(KeyVaultRoleScope.GLOBAL).stream().map(KeyVaultRoleDefinition::getName))
                .doesNotContain(name);
    }

    @Test
    void writingTheSameDefinitionTwiceChangesNothing() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyVaultAccessControlClient access = testbed.access(hsm, ADMIN);
        String name = UUID.randomUUID().toString();
        SetRoleDefinitionOptions options = new SetRoleDefinitionOptions(KeyVaultRoleScope.GLOBAL, name).setRoleName("twice")
                .setPermissions(List.of(permission(List.of("keys/read/action"), List.of())));

        access.setRoleDefinitionWithResponse(options, com.azure.core.util.Context.NONE);
        var second = access.setRoleDefinitionWithResponse(options, com.azure.core.util.Context.NONE);

        assertThat(second.getStatusCode()).isEqualTo(201);
        assertThat(access.listRoleDefinitions(KeyVaultRoleScope.GLOBAL).stream().filter(r -> r.getName().equals(name))).hasSize(1);
    }

    @Test
    void aCustomRoleGrantsItsDataActionsAtTheScopeItIsAssignedAt() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        String creator = HsmTestbed.newPrincipal();
        String role = custom(testbed, hsm, List.of("keys/create", "keys/read/action"), List.of());
        testbed.access(hsm, ADMIN).createRoleAssignment(KeyVaultRoleScope.fromString("/keys/allowed"), roleId(role), creator);
        KeyClient keys = testbed.keys(hsm, creator);

        keys.createRsaKey(new CreateRsaKeyOptions("allowed").setHardwareProtected(true));

        assertThat(keys.getKey("allowed").getName()).isEqualTo("allowed");
        assertThat(status(() -> keys.createRsaKey(new CreateRsaKeyOptions("elsewhere").setHardwareProtected(true)))).isEqualTo(403);
    }

    @Test
    void notDataActionsTakeAwayWhatDataActionsGrant() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        String reader = HsmTestbed.newPrincipal();
        String role = custom(testbed, hsm, List.of("keys/read/action", "keys/create"), List.of("keys/create"));
        testbed.access(hsm, ADMIN).createRoleAssignment(KeyVaultRoleScope.KEYS, roleId(role), reader);

        assertThat(status(() -> testbed.keys(hsm, reader).createRsaKey(new CreateRsaKeyOptions("denied")
                .setHardwareProtected(true)))).isEqualTo(403);
        assertThat(testbed.keys(hsm, reader).listPropertiesOfKeys().stream()).isEmpty();
    }

    @Test
    void anHsmHoldsAtMostFiftyCustomRoles() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        for (int i = 0; i < 50; i++) {
            custom(testbed, hsm, List.of("keys/read/action"), List.of());
        }

        HsmTestbed.Rest.Answer fiftyFirst = putDefinition(hsm, UUID.randomUUID().toString(), definitionBody("keys/read/action"));

        assertThat(fiftyFirst.status()).isEqualTo(400);
        assertThat(fiftyFirst.errorCode()).isEqualTo("RoleDefinitionLimitExceeded");
    }

    @Test
    void aCustomRoleInUseCannotBeDeleted() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        String role = custom(testbed, hsm, List.of("keys/read/action"), List.of());
        String reader = HsmTestbed.newPrincipal();
        testbed.access(hsm, ADMIN).createRoleAssignment(KeyVaultRoleScope.KEYS, roleId(role), reader);

        HsmTestbed.Rest.Answer delete = testbed.rest(ADMIN).send(HttpMethod.DELETE, hsm,
                "/providers/Microsoft.Authorization/roleDefinitions/" + role + "?api-version=7.5", null);

        assertThat(delete.status()).isEqualTo(409);
        assertThat(delete.errorCode()).isEqualTo("RoleDefinitionHasAssignments");
        assertThat(testbed.access(hsm, ADMIN).getRoleDefinition(KeyVaultRoleScope.GLOBAL, role)).isNotNull();
    }

    @Test
    void anUnknownDataActionIsABadParameterNamingIt() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        String name = UUID.randomUUID().toString();

        HsmTestbed.Rest.Answer answer = putDefinition(hsm, name, definitionBody("keys/read/action", "keys/teleport/action"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("BadParameter");
        assertThat(answer.body().path("error").path("message").asText()).contains("keys/teleport/action")
                .contains("properties.permissions[0].dataActions");
        assertThat(testbed.rest(ADMIN).get(hsm, "/providers/Microsoft.Authorization/roleDefinitions/" + name
                + "?api-version=7.5").status()).isEqualTo(404);
    }

    @Test
    void aBuiltInRoleCannotBeOverwritten() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();

        HsmTestbed.Rest.Answer answer = putDefinition(hsm, BuiltInRole.CRYPTO_USER.guid(), definitionBody("keys/read/action"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(testbed.access(hsm, ADMIN).getRoleDefinition(KeyVaultRoleScope.GLOBAL, BuiltInRole.CRYPTO_USER.guid())
                .getRoleType()).isEqualTo(KeyVaultRoleType.BUILT_IN_ROLE);
    }

    @Test
    void writingADefinitionNeedsRoleDefinitionWrite() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();

        HsmTestbed.Rest.Answer answer = testbed.rest(HsmTestbed.OPERATOR).send(HttpMethod.PUT, hsm,
                "/providers/Microsoft.Authorization/roleDefinitions/" + UUID.randomUUID() + "?api-version=7.5",
                definitionBody("keys/read/action"));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.errorCode()).isEqualTo("AccessDenied");
    }

    /** A custom role at {@code /} with one permission, written by {@link HsmTestbed#ADMIN}; returns its name. */
    static String custom(HsmTestbed testbed, ManagedHsm hsm, List<String> dataActions, List<String> notDataActions) {
        String name = UUID.randomUUID().toString();
        testbed.access(hsm, ADMIN).setRoleDefinitionWithResponse(new SetRoleDefinitionOptions(KeyVaultRoleScope.GLOBAL, name)
                .setPermissions(List.of(permission(dataActions, notDataActions))), com.azure.core.util.Context.NONE);
        return name;
    }

    static KeyVaultPermission permission(List<String> dataActions, List<String> notDataActions) {
        return new KeyVaultPermission(List.of(), List.of(), dataActions.stream().map(a -> KeyVaultDataAction.fromString(PREFIX + a)).toList(),
                notDataActions.stream().map(a -> KeyVaultDataAction.fromString(PREFIX + a)).toList());
    }

    static String roleId(String name) {
        return "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/" + name;
    }

    static int status(Supplier<?> call) {
        try {
            call.get();
            return 200;
        } catch (HttpResponseException e) {
            return e.getResponse().getStatusCode();
        }
    }

    private static HsmTestbed.Rest.Answer putDefinition(ManagedHsm hsm, String name, ObjectNode body) {
        return testbed.rest(ADMIN).send(HttpMethod.PUT, hsm, "/providers/Microsoft.Authorization/roleDefinitions/" + name
                + "?api-version=7.5", body);
    }

    private static ObjectNode definitionBody(String... dataActions) {
        ObjectNode body = EmuRequest.JSON.createObjectNode();
        ObjectNode properties = body.putObject("properties").put("roleName", "custom").put("type", "CustomRole");
        var actions = properties.putArray("permissions").addObject().putArray("dataActions");
        for (String action : dataActions) {
            actions.add(PREFIX + action);
        }
        return body;
    }
}
