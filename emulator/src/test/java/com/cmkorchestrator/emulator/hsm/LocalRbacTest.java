package com.cmkorchestrator.emulator.hsm;

import com.azure.security.keyvault.administration.KeyVaultAccessControlClient;
import com.azure.security.keyvault.administration.models.KeyVaultAdministrationException;
import com.azure.security.keyvault.administration.models.KeyVaultRoleAssignment;
import com.azure.security.keyvault.administration.models.KeyVaultRoleDefinition;
import com.azure.security.keyvault.administration.models.KeyVaultRoleScope;
import com.azure.security.keyvault.administration.models.KeyVaultRoleType;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.cmkorchestrator.emulator.hsm.rbac.BuiltInRole;
import com.cmkorchestrator.emulator.hsm.rbac.DataAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.UUID;

import static com.cmkorchestrator.emulator.hsm.HsmTestbed.ADMIN;
import static com.cmkorchestrator.emulator.hsm.HsmTestbed.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Local RBAC through the real KeyVaultAccessControlClient, and its enforcement on every data-plane call. */
class LocalRbacTest {
    @RegisterExtension
    static final HsmTestbed testbed = HsmTestbed.perClass();

    @Test
    void listsTheBuiltInRolesWithDataPlaneIdsAndDataActions() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();

        var roles = testbed.access(hsm, ADMIN).listRoleDefinitions(KeyVaultRoleScope.GLOBAL).stream().toList();

        assertThat(roles).extracting(KeyVaultRoleDefinition::getRoleName).contains("Managed HSM Administrator",
                "Managed HSM Crypto User", "Managed HSM Crypto Service Encryption User", "Managed HSM Crypto Officer");
        KeyVaultRoleDefinition encryptionUser = roles.stream()
                .filter(r -> r.getName().equals("33413926-3206-4cdd-b39a-83574fe37a17")).findFirst().orElseThrow();
        assertThat(encryptionUser.getId())
                .isEqualTo("Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/33413926-3206-4cdd-b39a-83574fe37a17");
        assertThat(encryptionUser.getRoleType()).isEqualTo(KeyVaultRoleType.BUILT_IN_ROLE);
        assertThat(encryptionUser.getPermissions().get(0).getDataActions()).extracting(Object::toString)
                .containsExactlyInAnyOrder(DataAction.KEYS_READ.value(), DataAction.KEYS_WRAP.value(),
                        DataAction.KEYS_UNWRAP.value());
    }

    @Test
    void theInitialAdministratorHoldsAdministratorAtTheRoot() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();

        var assignments = testbed.access(hsm, ADMIN).listRoleAssignments(KeyVaultRoleScope.GLOBAL).stream().toList();

        assertThat(assignments).anySatisfy(a -> {
            assertThat(a.getProperties().getPrincipalId()).isEqualTo(ADMIN);
            assertThat(a.getProperties().getRoleDefinitionId()).isEqualTo(BuiltInRole.ADMINISTRATOR.definitionId());
        });
    }

    @Test
    void createsGetsAndDeletesAKeyScopeAssignment() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyVaultAccessControlClient access = testbed.access(hsm, ADMIN);
        String principal = HsmTestbed.newPrincipal();
        KeyVaultRoleScope keyScope = KeyVaultRoleScope.fromString("/keys/cmk");
        String name = UUID.randomUUID().toString();

        KeyVaultRoleAssignment created = access.createRoleAssignment(keyScope,
                BuiltInRole.CRYPTO_SERVICE_ENCRYPTION_USER.definitionId(), principal, name);

        assertThat(created.getName()).isEqualTo(name);
        assertThat(created.getId()).isEqualTo("/keys/cmk/providers/Microsoft.Authorization/roleAssignments/" + name);
        assertThat(created.getProperties().getScope()).isEqualTo(keyScope);
        assertThat(access.getRoleAssignment(keyScope, name).getProperties().getPrincipalId()).isEqualTo(principal);
        assertThat(access.listRoleAssignments(keyScope).stream()).extracting(KeyVaultRoleAssignment::getName).containsExactly(name);
        assertThat(access.listRoleAssignments(KeyVaultRoleScope.GLOBAL).stream())
                .extracting(KeyVaultRoleAssignment::getName).doesNotContain(name);

        access.deleteRoleAssignment(keyScope, name);

        assertThat(access.listRoleAssignments(keyScope).stream()).isEmpty();
        assertThatThrownBy(() -> access.getRoleAssignment(keyScope, name))
                .isInstanceOf(KeyVaultAdministrationException.class).hasMessageContaining("RoleAssignmentNotFound");
    }

    @Test
    void repeatingTheSamePutIsHarmlessButTheSameGrantUnderAnotherNameConflicts() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyVaultAccessControlClient access = testbed.access(hsm, ADMIN);
        String principal = HsmTestbed.newPrincipal();
        String name = UUID.randomUUID().toString();
        access.createRoleAssignment(KeyVaultRoleScope.KEYS, BuiltInRole.CRYPTO_USER.definitionId(), principal, name);

        access.createRoleAssignment(KeyVaultRoleScope.KEYS, BuiltInRole.CRYPTO_USER.definitionId(), principal, name);

        assertThatThrownBy(() -> access.createRoleAssignment(KeyVaultRoleScope.KEYS,
                BuiltInRole.CRYPTO_USER.definitionId(), principal, UUID.randomUUID().toString()))
                .isInstanceOf(KeyVaultAdministrationException.class).hasMessageContaining("409")
                .hasMessageContaining("RoleAssignmentExists");
        assertThat(access.listRoleAssignments(KeyVaultRoleScope.KEYS).stream()).hasSize(1);
    }

    @Test
    void aKeyScopeHoldsAtMostTenAssignments() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyVaultAccessControlClient access = testbed.access(hsm, ADMIN);
        KeyVaultRoleScope scope = KeyVaultRoleScope.fromString("/keys/busy");
        for (int i = 0; i < 10; i++) {
            access.createRoleAssignment(scope, BuiltInRole.CRYPTO_SERVICE_ENCRYPTION_USER.definitionId(),
                    HsmTestbed.newPrincipal());
        }

        assertThatThrownBy(() -> access.createRoleAssignment(scope,
                BuiltInRole.CRYPTO_SERVICE_ENCRYPTION_USER.definitionId(), HsmTestbed.newPrincipal()))
                .isInstanceOf(KeyVaultAdministrationException.class).hasMessageContaining("RoleAssignmentLimitExceeded");
    }

    @Test
    void theHsmScopeHoldsAtMostFiftyAssignmentsAcrossRootAndKeys() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyVaultAccessControlClient access = testbed.access(hsm, ADMIN);
        // the initial administrator and the operator hold two already, at '/'
        for (int i = 0; i < 48; i++) {
            access.createRoleAssignment(i % 2 == 0 ? KeyVaultRoleScope.GLOBAL : KeyVaultRoleScope.KEYS,
                    BuiltInRole.CRYPTO_SERVICE_ENCRYPTION_USER.definitionId(), HsmTestbed.newPrincipal());
        }

        assertThatThrownBy(() -> access.createRoleAssignment(KeyVaultRoleScope.KEYS,
                BuiltInRole.CRYPTO_SERVICE_ENCRYPTION_USER.definitionId(), HsmTestbed.newPrincipal()))
                .isInstanceOf(KeyVaultAdministrationException.class).hasMessageContaining("RoleAssignmentLimitExceeded");
        access.createRoleAssignment(KeyVaultRoleScope.fromString("/keys/still-room"),
                BuiltInRole.CRYPTO_SERVICE_ENCRYPTION_USER.definitionId(), HsmTestbed.newPrincipal());
        assertThat(hsm.snapshot().roleAssignments()).hasSize(51);
    }

    @Test
    void refusesAnUnknownRoleDefinition() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();

        assertThatThrownBy(() -> testbed.access(hsm, ADMIN).createRoleAssignment(KeyVaultRoleScope.GLOBAL,
                "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/" + UUID.randomUUID(),
                HsmTestbed.newPrincipal()))
                .isInstanceOf(KeyVaultAdministrationException.class).hasMessageContaining("400")
                .hasMessageContaining("RoleDefinitionDoesNotExist");
    }

    @Test
    void aCryptoServiceEncryptionUserCannotCreateKeys() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        String service = HsmTestbed.newPrincipal();
        testbed.access(hsm, ADMIN).createRoleAssignment(KeyVaultRoleScope.GLOBAL,
                BuiltInRole.CRYPTO_SERVICE_ENCRYPTION_USER.definitionId(), service);

        assertThatThrownBy(() -> testbed.keys(hsm, service).createRsaKey(new CreateRsaKeyOptions("nope").setHardwareProtected(true)))
                .hasMessageContaining("403").hasMessageContaining("AccessDenied")
                .hasMessageContaining("Microsoft.KeyVault/managedHsm/keys/create on /keys/nope");
        assertThat(hsm.snapshot().keys()).isEmpty();
    }

    @Test
    void aCryptoUserCannotWriteRoleAssignments() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();

        assertThatThrownBy(() -> testbed.access(hsm, OPERATOR).createRoleAssignment(KeyVaultRoleScope.KEYS,
                BuiltInRole.CRYPTO_USER.definitionId(), HsmTestbed.newPrincipal()))
                .hasMessageContaining("403").hasMessageContaining("roleAssignments/write/action on /keys");
    }

    @Test
    void anAdministratorCannotManageKeys() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();

        assertThatThrownBy(() -> testbed.keys(hsm, ADMIN).createRsaKey(new CreateRsaKeyOptions("admin").setHardwareProtected(true)))
                .hasMessageContaining("403").hasMessageContaining("AccessDenied");
    }

    @Test
    void aKeyScopeAssignmentGrantsThatKeyOnly() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        var keys = testbed.keys(hsm, OPERATOR);
        keys.createRsaKey(new CreateRsaKeyOptions("mine").setHardwareProtected(true));
        keys.createRsaKey(new CreateRsaKeyOptions("other").setHardwareProtected(true));
        String reader = HsmTestbed.newPrincipal();
        testbed.access(hsm, ADMIN).createRoleAssignment(KeyVaultRoleScope.fromString("/keys/mine"),
                BuiltInRole.CRYPTO_AUDITOR.definitionId(), reader);

        assertThat(testbed.keys(hsm, reader).getKey("mine").getName()).isEqualTo("mine");
        assertThatThrownBy(() -> testbed.keys(hsm, reader).getKey("other")).hasMessageContaining("AccessDenied");
        assertThatThrownBy(() -> testbed.keys(hsm, reader).listPropertiesOfKeys().stream().count())
                .hasMessageContaining("AccessDenied");
    }
}
