package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.ports.AccessPort;
import com.cmkorchestrator.core.ports.HsmState;
import com.cmkorchestrator.core.ports.RoleAssignment;
import com.cmkorchestrator.core.safety.KeyOperatorRole;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.Reason;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import static com.cmkorchestrator.core.status.ConditionType.HSM_READY;

/**
 * On an HSM the app provisioned itself, once it is active: the app, one of its initial administrators, defines its
 * custom key operator role ({@link KeyOperatorRole}) and assigns it to itself at {@code /keys}, the same role under the
 * same names Bicep's deployment script gives an HSM it manages. Administrator alone manages no key, and the app is
 * given nothing broader. Both writes are idempotent (deterministic names); a pass that finds the assignment writes
 * nothing.
 */
final class EnsureKeyOperatorRole {

    private final AccessPort access;
    private final Supplier<String> appPrincipal;

    /** @param appPrincipal the app's own object ID, read when first needed */
    EnsureKeyOperatorRole(AccessPort access, Supplier<String> appPrincipal) {
        this.access = access;
        this.appPrincipal = appPrincipal;
    }

    /** @param active the condition that says the HSM is active, kept (with a word on the role) when the role holds */
    StepResult ensure(HsmState hsm, StepResult active, Writes writes, Instant now) {
        String principal = appPrincipal.get();
        String role = KeyOperatorRole.definitionName(hsm.id().resourceName());
        List<RoleAssignment> atKeys = access.listAssignments(hsm.hsmUri(), KeyOperatorRole.SCOPE);
        if (atKeys.stream().anyMatch(assignment -> assignment.grants(role, principal))) {
            return active;
        }
        writes.perform(Write.Kind.DEFINE_ROLE, hsm.id(), "role '" + KeyOperatorRole.ROLE_NAME + "' (" + role + ")",
                () -> access.defineRole(hsm.hsmUri(), KeyOperatorRole.forHsm(hsm.id().resourceName())));
        writes.perform(Write.Kind.CREATE_ROLE_ASSIGNMENT, hsm.id(), "'" + KeyOperatorRole.ROLE_NAME + "' at "
                + KeyOperatorRole.SCOPE + " for the app (" + principal + ")", () -> access.createAssignment(
                hsm.hsmUri(), KeyOperatorRole.SCOPE, role, principal,
                KeyOperatorRole.assignmentName(hsm.id().resourceName(), principal)));
        return StepResult.of(Condition.isTrue(HSM_READY, Reason.HSM_ACTIVE, active.condition().message()
                + "; the app granted itself '" + KeyOperatorRole.ROLE_NAME + "' at " + KeyOperatorRole.SCOPE
                + " (no purge, export or cryptographic use); key work begins once the grant propagates", now));
    }
}
