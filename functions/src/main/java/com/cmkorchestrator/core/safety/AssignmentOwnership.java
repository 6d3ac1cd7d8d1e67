package com.cmkorchestrator.core.safety;

import com.cmkorchestrator.core.ports.RoleAssignment;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * Names the role assignments the orchestrator creates, so that a retry writes the same assignment again (a no-op)
 * and an assignment can be told apart as ours or someone else's. The name is a name-based UUID (RFC 4122
 * version 3) of scope, role and principal: the Bicep {@code guid(scope, principal, role)} idea, in the JDK.
 */
public final class AssignmentOwnership {

    private AssignmentOwnership() {
    }

    /** The name the orchestrator gives the assignment of {@code role} to {@code principal} at {@code scope}. */
    public static String assignmentName(String scope, String roleDefinitionId, String principalId) {
        String seed = String.join("|", scope, roleDefinitionId, principalId).toLowerCase(Locale.ROOT);
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** True when the orchestrator created this assignment (its name is the one the orchestrator would give it). */
    public static boolean isOwned(RoleAssignment assignment) {
        return assignment.name().equalsIgnoreCase(
                assignmentName(assignment.scope(), assignment.roleDefinitionId(), assignment.principalId()));
    }
}
