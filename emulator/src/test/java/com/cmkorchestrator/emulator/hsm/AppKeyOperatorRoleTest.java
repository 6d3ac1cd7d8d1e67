package com.cmkorchestrator.emulator.hsm;

import com.azure.core.http.HttpMethod;
import com.azure.security.keyvault.administration.KeyVaultAccessControlClient;
import com.azure.security.keyvault.administration.models.KeyVaultRoleAssignment;
import com.azure.security.keyvault.administration.models.KeyVaultRoleScope;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyRotationLifetimeAction;
import com.azure.security.keyvault.keys.models.KeyRotationPolicy;
import com.azure.security.keyvault.keys.models.KeyRotationPolicyAction;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.cmkorchestrator.emulator.hsm.keys.HsmProperties;
import com.cmkorchestrator.emulator.hsm.rbac.BuiltInRole;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static com.cmkorchestrator.emulator.hsm.CustomRolesTest.status;
import static com.cmkorchestrator.emulator.hsm.HsmTestbed.ADMIN;
import static com.cmkorchestrator.emulator.hsm.HsmTestbed.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app's own custom role, "cmk-orchestrator key operator" (docs/concurrency.md section 7), held at
 * {@code /keys}: everything the app does works with it alone, and nothing it must never do does.
 */
class AppKeyOperatorRoleTest {
    /** Exactly the data actions of docs/concurrency.md section 7. */
    private static final List<String> KEY_OPERATOR = List.of("keys/read/action", "keys/create", "keys/write/action",
            "keys/rotate/action", "keys/deletedKeys/read/action", "keys/deletedKeys/recover/action",
            "roleAssignments/read/action", "roleAssignments/write/action");

    @RegisterExtension
    static final HsmTestbed testbed = HsmTestbed.perClass();

    @Test
    void theKeyOperatorRoleLetsThePrincipalDoEverythingTheAppDoes() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        String app = appHoldingTheKeyOperatorRole(hsm);
        KeyClient keys = testbed.keys(hsm, app);
        deletedByAnother(hsm, "earlier");

        KeyVaultKey created = keys.createRsaKey(new CreateRsaKeyOptions("cmk").setHardwareProtected(true)
                .setTags(Map.of("managed-by", "cmk-orchestrator")));
        keys.updateKeyRotationPolicy("cmk", new KeyRotationPolicy().setLifetimeActions(List.of(
                new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE).setTimeAfterCreate("P90D"))).setExpiresIn("P180D"));
        KeyVaultKey rotated = keys.rotateKey("cmk");
        keys.updateKeyProperties(keys.getKey("cmk").getProperties().setTags(Map.of("managed-by", "cmk-orchestrator", "binding", "b1")));
        keys.updateKeyProperties(keys.getKey("cmk", created.getProperties().getVersion()).getProperties().setEnabled(false));
        keys.getDeletedKey("earlier");
        keys.beginRecoverDeletedKey("earlier").waitForCompletion();
        KeyVaultAccessControlClient access = testbed.access(hsm, app);
        KeyVaultRoleScope keyScope = KeyVaultRoleScope.fromString("/keys/cmk");
        access.listRoleAssignments(keyScope).stream().toList();
        KeyVaultRoleAssignment grant = access.createRoleAssignment(keyScope,
                BuiltInRole.CRYPTO_SERVICE_ENCRYPTION_USER.definitionId(), HsmTestbed.newPrincipal());

        assertThat(keys.listPropertiesOfKeys().stream().map(KeyProperties::getName)).containsExactlyInAnyOrder("cmk", "earlier");
        assertThat(keys.listPropertiesOfKeyVersions("cmk").stream()).hasSize(2);
        assertThat(keys.getKeyRotationPolicy("cmk").getExpiresIn()).isEqualTo("P180D");
        assertThat(keys.getKey("cmk").getId()).isEqualTo(rotated.getId());
        assertThat(keys.getKey("cmk").getProperties().getTags()).containsEntry("binding", "b1");
        assertThat(keys.getKey("cmk", created.getProperties().getVersion()).getProperties().isEnabled()).isFalse();
        assertThat(access.listRoleAssignments(keyScope).stream().map(KeyVaultRoleAssignment::getName)).contains(grant.getName());
    }

    @Test
    void theKeyOperatorRoleCannotPurgeDeleteExportBackUpUseOrUnassign() {
        ManagedHsm hsm = testbed.activeHsmWithOperator(new HsmProperties(7, false));
        String app = appHoldingTheKeyOperatorRole(hsm);
        KeyClient keys = testbed.keys(hsm, app);
        KeyVaultKey key = keys.createRsaKey(new CreateRsaKeyOptions("cmk").setHardwareProtected(true));
        deletedByAnother(hsm, "earlier");
        KeyVaultRoleAssignment grant = testbed.access(hsm, ADMIN).createRoleAssignment(KeyVaultRoleScope.fromString("/keys/cmk"),
                BuiltInRole.CRYPTO_SERVICE_ENCRYPTION_USER.definitionId(), HsmTestbed.newPrincipal());

        assertThat(status(() -> {
            keys.purgeDeletedKey("earlier");
            return null;
        })).as("purge").isEqualTo(403);
        assertThat(status(() -> keys.beginDeleteKey("cmk").poll())).as("delete").isEqualTo(403);
        assertThat(status(() -> keys.backupKey("cmk"))).as("backup").isEqualTo(403);
        assertThat(testbed.rest(app).send(HttpMethod.POST, hsm, "/keys/cmk/" + key.getProperties().getVersion() + "/release",
                EmuRequest.JSON.createObjectNode().put("target", "attestation"))
                .status()).as("release").isEqualTo(403);
        assertThat(status(() -> testbed.crypto(key.getId(), app).wrapKey(KeyWrapAlgorithm.RSA_OAEP_256, new byte[32])))
                .as("wrap").isEqualTo(403);
        assertThat(status(() -> {
            testbed.access(hsm, app).deleteRoleAssignment(KeyVaultRoleScope.fromString("/keys/cmk"), grant.getName());
            return null;
        })).as("role assignment delete").isEqualTo(403);
        assertThat(testbed.access(hsm, ADMIN).getRoleDefinition(KeyVaultRoleScope.GLOBAL, roleOf(hsm, app)).getPermissions())
                .flatExtracting(permission -> permission.getDataActions()).extracting(Object::toString)
                .noneMatch(action -> action.endsWith("/export/action") || action.endsWith("/release/action"));
        assertThat(hsm.snapshot().keys()).extracting(HsmSnapshot.Key::name).containsExactlyInAnyOrder("cmk", "earlier");
        assertThat(hsm.snapshot().roleAssignments()).extracting(HsmSnapshot.Assignment::name).contains(grant.getName());
    }

    /** A new principal holding only the key operator role, at {@code /keys}, as the app does. */
    private static String appHoldingTheKeyOperatorRole(ManagedHsm hsm) {
        String app = HsmTestbed.newPrincipal();
        String role = CustomRolesTest.custom(testbed, hsm, KEY_OPERATOR, List.of());
        testbed.access(hsm, ADMIN).createRoleAssignment(KeyVaultRoleScope.KEYS, CustomRolesTest.roleId(role), app);
        return app;
    }

    private static String roleOf(ManagedHsm hsm, String principal) {
        return hsm.snapshot().roleAssignments().stream().filter(a -> a.principalId().equals(principal)).findFirst()
                .orElseThrow().roleDefinitionId().replaceAll(".*/", "");
    }

    /** A key someone else (Crypto User) created and soft-deleted. */
    private static void deletedByAnother(ManagedHsm hsm, String name) {
        testbed.keys(hsm, OPERATOR).createRsaKey(new CreateRsaKeyOptions(name).setHardwareProtected(true));
        assertThat(testbed.rest(OPERATOR).send(HttpMethod.DELETE, hsm, "/keys/" + name, null).status()).isEqualTo(200);
    }
}
