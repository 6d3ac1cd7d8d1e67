package com.cmkorchestrator.adapters;

import com.azure.security.keyvault.administration.models.KeyVaultRoleScope;
import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.ports.CustomRole;
import com.cmkorchestrator.core.ports.RoleAssignment;
import com.cmkorchestrator.core.safety.KeyOperatorRole;
import com.cmkorchestrator.emulator.hsm.HsmSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.UUID;

import static com.cmkorchestrator.adapters.support.EmulatedAzure.ENCRYPTION_USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link HsmLocalRbac}: Managed HSM local role assignments through the real {@code KeyVaultAccessControlClient}. */
class HsmLocalRbacTest {
    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("rbac-rg").withActiveHsm("hsm-rbac");
    private final URI hsm = azure.hsm();
    private final HsmLocalRbac access = new HsmLocalRbac(azure.connection());

    @Test
    void aCreatedAssignmentGrantsTheRoleAtTheKeyScopeUnderItsName() {
        String principal = UUID.randomUUID().toString();
        String name = UUID.randomUUID().toString();

        RoleAssignment created = access.createAssignment(hsm, "/keys/orders", ENCRYPTION_USER, principal, name);

        assertThat(created).isEqualTo(new RoleAssignment(name, "/keys/orders", ENCRYPTION_USER, principal));
        HsmSnapshot.Assignment held = held(name);
        assertThat(held.scope()).isEqualTo("/keys/orders");
        assertThat(held.roleName()).isEqualTo("Managed HSM Crypto Service Encryption User");
        assertThat(held.principalId()).isEqualTo(principal);
    }

    @Test
    void theKeyOperatorRoleIsWrittenUnderBicepsNameWithExactlyItsDataActionsAndAgainChangesNothing() {
        CustomRole role = new CustomRole(UUID.randomUUID().toString(), "cmk-orchestrator key operator", "test",
                KeyOperatorRole.DATA_ACTIONS);

        CustomRole written = access.defineRole(hsm, role);
        access.defineRole(hsm, role);

        // azure-security-keyvault-administration 4.6.4 sends the definition's GUID as its roleName: the HSM lists it so
        assertThat(written.name()).isEqualTo(role.name());
        assertThat(written.dataActions()).containsExactlyInAnyOrderElementsOf(KeyOperatorRole.DATA_ACTIONS);
        assertThat(azure.connection().accessControl(hsm).listRoleDefinitions(KeyVaultRoleScope.GLOBAL).stream()
                .filter(definition -> definition.getName().equals(role.name()))).singleElement()
                .satisfies(definition -> assertThat(definition.getRoleName()).isEqualTo(role.name()));
    }

    @Test
    void theRoleIsSentAsTheDataPlaneRoleDefinitionId() {
        String name = UUID.randomUUID().toString();

        access.createAssignment(hsm, "/keys/format", ENCRYPTION_USER, UUID.randomUUID().toString(), name);

        assertThat(held(name).roleDefinitionId())
                .isEqualTo("Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/" + ENCRYPTION_USER);
    }

    @Test
    void creatingTheSameAssignmentAgainIsANoOp() {
        String principal = UUID.randomUUID().toString();
        String name = UUID.randomUUID().toString();
        RoleAssignment first = access.createAssignment(hsm, "/keys/retried", ENCRYPTION_USER, principal, name);

        RoleAssignment again = access.createAssignment(hsm, "/keys/retried", ENCRYPTION_USER, principal, name);

        assertThat(again).isEqualTo(first);
        assertThat(access.listAssignments(hsm, "/keys/retried")).containsExactly(first);
    }

    @Test
    void aGrantMadeByHandUnderAnotherNameIsFoundInsteadOfDuplicated() {
        String principal = UUID.randomUUID().toString();
        azure.grant(hsm, "/keys/by-hand", ENCRYPTION_USER, principal);

        RoleAssignment found = access.createAssignment(hsm, "/keys/by-hand", ENCRYPTION_USER, principal,
                UUID.randomUUID().toString());

        assertThat(found.grants(ENCRYPTION_USER, principal)).isTrue();
        assertThat(access.listAssignments(hsm, "/keys/by-hand")).hasSize(1);
    }

    @Test
    void aNameTakenByAnotherGrantIsAConflict() {
        String name = UUID.randomUUID().toString();
        access.createAssignment(hsm, "/keys/taken", ENCRYPTION_USER, UUID.randomUUID().toString(), name);

        assertThatThrownBy(() -> access.createAssignment(hsm, "/keys/taken", ENCRYPTION_USER,
                UUID.randomUUID().toString(), name))
                .isInstanceOfSatisfying(AzureCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).contains("Conflict");
                });
    }

    @Test
    void listingAtAKeyScopeReturnsOnlyThatScopesAssignments() {
        String principal = UUID.randomUUID().toString();
        access.createAssignment(hsm, "/keys/alpha", ENCRYPTION_USER, principal, UUID.randomUUID().toString());
        access.createAssignment(hsm, "/keys/beta", ENCRYPTION_USER, principal, UUID.randomUUID().toString());

        assertThat(access.listAssignments(hsm, "/keys/alpha")).singleElement()
                .satisfies(assignment -> assertThat(assignment.scope()).isEqualTo("/keys/alpha"));
        assertThat(access.listAssignments(hsm, "/")).noneMatch(assignment -> assignment.scope().startsWith("/keys/"));
    }

    @Test
    void aCallerWhoMayNotWriteAssignmentsIsRefusedWithAzuresCode() {
        HsmLocalRbac stranger = new HsmLocalRbac(azure.as(UUID.randomUUID().toString()));

        assertThatThrownBy(() -> stranger.createAssignment(hsm, "/keys/guarded", ENCRYPTION_USER,
                UUID.randomUUID().toString(), UUID.randomUUID().toString()))
                .isInstanceOfSatisfying(AzureCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(403);
                    assertThat(e.errorCode()).isPresent();
                });
    }

    private HsmSnapshot.Assignment held(String name) {
        return azure.snapshot(hsm).roleAssignments().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }
}
