package com.cmkorchestrator.core.ports;

import java.util.Objects;

/**
 * A Managed HSM local RBAC role assignment.
 *
 * @param name             assignment name (a GUID; the last segment of its {@code id})
 * @param scope            {@code /}, {@code /keys} or {@code /keys/<name>}
 * @param roleDefinitionId the role's GUID (last segment of {@code properties.roleDefinitionId})
 * @param principalId      object ID of the principal
 */
public record RoleAssignment(String name, String scope, String roleDefinitionId, String principalId) {

    public RoleAssignment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(roleDefinitionId, "roleDefinitionId");
        Objects.requireNonNull(principalId, "principalId");
    }

    /** Grants {@code roleDefinitionId} to {@code principalId}, whatever its name. */
    public boolean grants(String role, String principal) {
        return roleDefinitionId.equalsIgnoreCase(role) && principalId.equalsIgnoreCase(principal);
    }
}
