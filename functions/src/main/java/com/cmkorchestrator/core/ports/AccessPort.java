package com.cmkorchestrator.core.ports;

import com.cmkorchestrator.core.errors.AzureCallException;

import java.net.URI;
import java.util.List;

/**
 * Managed HSM local RBAC on the data plane ({@code {hsmUri}/{scope}/providers/Microsoft.Authorization/roleAssignments},
 * api-version 7.5), reached with {@code azure-security-keyvault-administration}'s {@code KeyVaultAccessControlClient}
 * built with {@code vaultUrl(hsmUri)}. ARM role assignments cannot grant these roles (azure-facts 3).
 * Writing assignments needs Administrator, Crypto Officer or Policy Administrator on the HSM.
 *
 * <p>There is deliberately no delete, of an assignment or a role: the orchestrator never removes access, so it
 * cannot remove access it did not grant. Throws {@link AzureCallException} for Azure errors.
 */
public interface AccessPort {

    /**
     * {@code RoleAssignments_List}: {@code GET {hsmUri}/{scope}/providers/Microsoft.Authorization/roleAssignments
     * ?$filter=atScope()} ({@code KeyVaultAccessControlClient.listRoleAssignments(KeyVaultRoleScope.fromString(scope))}).
     * Lists at {@code /} hide key-scoped assignments, so callers list at the exact scope.
     */
    List<RoleAssignment> listAssignments(URI hsmUri, String scope);

    /**
     * The same list, read after this call began, past any read shared for a moment ({@code AssignmentCache}): for the
     * check right before a grant, under its lease, so that a grant or a count is never decided on a stale list. By
     * default, {@link #listAssignments}.
     */
    default List<RoleAssignment> listAssignmentsNow(URI hsmUri, String scope) {
        return listAssignments(hsmUri, scope);
    }

    /**
     * {@code RoleAssignments_Create}: {@code PUT {hsmUri}/{scope}/providers/Microsoft.Authorization/roleAssignments/{name}}
     * with {@code {"properties":{"roleDefinitionId": ..., "principalId": ...}}} (201)
     * ({@code KeyVaultAccessControlClient.createRoleAssignment(scope, roleDefinitionId, principalId, name)}).
     * The adapter expands the role GUID into the HSM's role definition ID
     * ({@code Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/<guid>}).
     *
     * @param roleDefinitionId the role's GUID
     * @param name             the assignment name, deterministic so that a retry is a no-op
     */
    RoleAssignment createAssignment(URI hsmUri, String scope, String roleDefinitionId, String principalId, String name);

    /**
     * {@code RoleDefinitions_CreateOrUpdate}: {@code PUT {hsmUri}/providers/Microsoft.Authorization/roleDefinitions/
     * {name}} at {@code /} ({@code KeyVaultAccessControlClient.setRoleDefinitionWithResponse}). Writing the same
     * definition again changes nothing. Needs an administrator's rights (role definitions write): the app has them
     * only on an HSM it provisioned itself, as one of its initial administrators.
     *
     * @return the role as the HSM holds it now
     */
    CustomRole defineRole(URI hsmUri, CustomRole role);
}
