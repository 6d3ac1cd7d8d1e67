package com.cmkorchestrator.emulator.hsm.rbac;

import java.time.Instant;
import java.util.Objects;

/**
 * One local RBAC role assignment. It exists from {@code createdAt} but only takes effect at
 * {@code effectiveAt} (creation plus the configured propagation delay, in emulated time).
 *
 * @param name the assignment's GUID name, lower case
 * @param roleDefinitionName the GUID of the built-in or custom role it grants, lower case
 * @param principalId the object ID it grants to, lower case
 */
public record RoleAssignment(String name, RoleScope scope, String roleDefinitionName, String principalId,
                             Instant createdAt, Instant effectiveAt) {

    public RoleAssignment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(roleDefinitionName, "roleDefinitionName");
        Objects.requireNonNull(principalId, "principalId");
        if (effectiveAt.isBefore(createdAt)) {
            throw new IllegalArgumentException("an assignment cannot take effect before it exists");
        }
    }

    public boolean isEffectiveAt(Instant now) { return !now.isBefore(effectiveAt); }

    /** {@code /keys/providers/Microsoft.Authorization/roleAssignments/<name>}, or without scope for {@code /}. */
    public String id() { return scope.idPrefix() + "/providers/Microsoft.Authorization/roleAssignments/" + name; }

    /** {@code Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/<guid>} */
    public String roleDefinitionId() { return RoleDefinition.ID_PREFIX + roleDefinitionName; }

    /** Same grant (scope, role, principal), whatever the name. */
    public boolean grantsSameAs(RoleScope otherScope, String otherRoleDefinitionName, String otherPrincipal) {
        return scope.sameAs(otherScope) && roleDefinitionName.equals(otherRoleDefinitionName)
                && principalId.equals(otherPrincipal);
    }
}
