package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.GrantScope;
import com.cmkorchestrator.core.ports.AccessPort;
import com.cmkorchestrator.core.ports.LeaseNames;
import com.cmkorchestrator.core.ports.RoleAssignment;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.safety.AssignmentOwnership;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static com.cmkorchestrator.core.status.ConditionType.ACCESS_GRANTED;

/**
 * {@code AccessGranted}: each principal that reaches the key holds "Managed HSM Crypto Service Encryption User"
 * (wrap, unwrap, read: nothing more) in the HSM's local RBAC, at {@code /keys/<name>} or, when the binding says
 * {@code grantScope: allKeys}, at {@code /keys}. A grant that already exists, ours or someone else's, at the key or a
 * broader scope, is used as it is. A missing one is created under its lease, after reading the scope again, within
 * Managed HSM's assignment limits and its RBAC pace, under a deterministic name so that a retry is a no-op. Nothing is
 * ever removed.
 */
final class EnsureAccess implements Step<IdentityReady, AccessGranted> {

    /** "Managed HSM Crypto Service Encryption User" (azure-facts 3). */
    static final String CRYPTO_SERVICE_ENCRYPTION_USER = "33413926-3206-4cdd-b39a-83574fe37a17";
    /** Broader scopes whose grants also cover the key; listing at "/" hides key-scoped ones, so each is listed. */
    private static final List<String> BROADER_SCOPES = List.of("/keys", "/");
    /** Creating one assignment takes a second or two; a holder that died frees the lease after this. */
    static final Duration GRANT_LEASE = Duration.ofSeconds(60);

    private final AccessPort access;
    private final ExclusiveSteps exclusive;
    private final HsmPacing pacing;

    EnsureAccess(AccessPort access, ExclusiveSteps exclusive, HsmPacing pacing) {
        this.access = access;
        this.exclusive = exclusive;
        this.pacing = pacing;
    }

    @Override
    public ConditionType type() {
        return ACCESS_GRANTED;
    }

    static String keyScope(String keyName) {
        return "/keys/" + keyName;
    }

    @Override
    public Link<AccessGranted> ensure(Pass pass, IdentityReady identity) {
        String keyScope = keyScope(pass.binding().key().name());
        URI hsmUri = identity.key().hsmUri();
        List<String> principals = principals(pass, identity);
        List<RoleAssignment> atKey = access.listAssignments(hsmUri, keyScope);
        Set<String> granted = new HashSet<>();
        List<String> missing = new ArrayList<>();
        for (String principal : principals) {
            if (grants(atKey, principal)) {
                granted.add(principal);
            } else {
                missing.add(principal);
            }
        }
        for (String broader : BROADER_SCOPES) {
            if (missing.isEmpty()) {
                break;
            }
            List<RoleAssignment> wide = listIfVisible(hsmUri, broader);
            List<String> covered = missing.stream().filter(principal -> grants(wide, principal)).toList();
            missing.removeAll(covered);
            granted.addAll(covered);
        }
        if (missing.isEmpty()) {
            // every holder at the key counts as found: a pass that did not read the workspace (a write in flight)
            // still knows its managed disk identity holds the role when the write's answer names it
            atKey.stream().filter(a -> a.roleDefinitionId().equalsIgnoreCase(CRYPTO_SERVICE_ENCRYPTION_USER))
                    .map(RoleAssignment::principalId).forEach(granted::add);
            return Link.holds(StepResult.of(Condition.isTrue(ACCESS_GRANTED, Reason.ROLE_ASSIGNED,
                    describe(principals, atKey), pass.now())), new AccessGranted(identity, granted));
        }
        String principal = missing.get(0);
        String scope = grantScope(pass).roleScope(pass.binding().key().name());
        String lease = LeaseNames.roleAssignment(pass.binding().hsm().resourceName(), scope, principal);
        Link<String> grant = exclusive.holding(pass, ACCESS_GRANTED, lease, "granting " + principal + " at " + scope,
                GRANT_LEASE, held -> grantUnderLease(pass, hsmUri, scope, principal, lease, held));
        if (grant.value().isEmpty()) {
            return Link.stops(grant.result());
        }
        granted.add(principal);
        if (missing.size() > 1) {
            // one change per pass: the next pass grants the next principal
            return Link.stops(StepResult.of(Condition.waiting(ACCESS_GRANTED, Reason.ROLE_ASSIGNMENT_CREATED,
                    grant.value().get() + "; " + (missing.size() - 1) + " more to grant", pass.now()),
                    pass.settings().shortRequeue()));
        }
        return Link.holds(StepResult.of(Condition.isTrue(ACCESS_GRANTED, grant.result().condition().reason(),
                grant.value().get(), pass.now())), new AccessGranted(identity, granted));
    }

    /**
     * Check, then act, both under the lease and on a list read now (not one shared for a moment): another instance
     * may have granted meanwhile; the scope must have room; the HSM's RBAC pace must have a slot. The link holds (with
     * a line for the condition) once the grant exists.
     */
    private Link<String> grantUnderLease(Pass pass, URI hsmUri, String scope, String principal, String lease,
                                         ExclusiveSteps.Held held) {
        List<RoleAssignment> atScope = access.listAssignmentsNow(hsmUri, scope);
        if (grants(atScope, principal)) {
            return Link.holds(StepResult.of(Condition.isTrue(ACCESS_GRANTED, Reason.ROLE_ASSIGNED,
                    "Crypto Service Encryption User at " + scope + " held by " + principal, pass.now())),
                    "Crypto Service Encryption User at " + scope + " held by " + principal + " (granted meanwhile)");
        }
        int present = count(atScope, hsmUri, scope);
        if (!RoleAssignmentLimits.fits(scope, present)) {
            return Link.stops(limitReached(pass, RoleAssignmentLimits.reached(scope, present, principal)));
        }
        Optional<Duration> paced = pacing.rbacWrite(pass.binding().hsm().resourceName(), pass.now());
        if (paced.isPresent()) {
            return Link.stops(StepResult.of(Condition.waiting(ACCESS_GRANTED, Reason.PACED, "the HSM's RBAC writes are "
                    + "paced under 5 per second across every instance; the next free slot is in " + paced.get().toMillis()
                    + " ms", pass.now()), paced.get()));
        }
        if (!held.stillHeld()) {
            return Link.stops(exclusive.lost(pass, ACCESS_GRANTED, lease, "granting " + principal + " at " + scope));
        }
        String name = AssignmentOwnership.assignmentName(scope, CRYPTO_SERVICE_ENCRYPTION_USER, principal);
        try {
            pass.writes().perform(Write.Kind.CREATE_ROLE_ASSIGNMENT, pass.binding().hsm(),
                    "Crypto Service Encryption User at " + scope + " for " + principal,
                    () -> access.createAssignment(hsmUri, scope, CRYPTO_SERVICE_ENCRYPTION_USER, principal, name));
        } catch (AzureCallException refused) {
            if (refused.errorCode().filter("RoleAssignmentLimitExceeded"::equalsIgnoreCase).isPresent()) {
                // the count above missed assignments the app cannot list (at "/"), or other grants (other principals,
                // other leases) landed meanwhile: count again for the message
                return Link.stops(limitReached(pass, RoleAssignmentLimits.reached(scope, count(hsmUri, scope), principal)
                        + " (the HSM refused: " + refused.azureMessage() + ")"));
            }
            throw refused;
        }
        String line = "granted Crypto Service Encryption User at " + scope + " to " + principal + " (assignment " + name
                + "); binds retry until it propagates";
        return Link.holds(StepResult.of(Condition.isTrue(ACCESS_GRANTED, Reason.ROLE_ASSIGNMENT_CREATED, line,
                pass.now())), line);
    }

    /** The assignments counted against {@code scope}'s limit: at {@code /keys}, those at {@code /} too (when visible). */
    private int count(List<RoleAssignment> atScope, URI hsmUri, String scope) {
        return atScope.size() + (scope.equals("/keys") ? listIfVisible(hsmUri, "/").size() : 0);
    }

    private int count(URI hsmUri, String scope) {
        return count(access.listAssignmentsNow(hsmUri, scope), hsmUri, scope);
    }

    private static StepResult limitReached(Pass pass, String message) {
        return StepResult.of(Condition.isFalse(ACCESS_GRANTED, Reason.ROLE_ASSIGNMENT_LIMIT_REACHED, message,
                pass.now()), pass.settings().failedRecheck());
    }

    /** Where the binding's identity is granted; Databricks' principals are always granted at the key. */
    private static GrantScope grantScope(Pass pass) {
        return pass.binding().identity() == null ? GrantScope.KEY : pass.binding().identity().grantScope();
    }

    /**
     * The assignments at a broader scope, or none when the app may not read there: the app is granted at
     * {@code /keys} (least privilege, see bicep/main.bicep), so listing at {@code /} is refused with 403. Not seeing
     * a broader grant is safe: the app then makes its own at the key, which is what it would need anyway.
     */
    private List<RoleAssignment> listIfVisible(URI hsmUri, String scope) {
        try {
            return access.listAssignments(hsmUri, scope);
        } catch (AzureCallException e) {
            if (e.httpStatus() == 403) {
                return List.of();
            }
            throw e;
        }
    }

    /** The principals that must reach the key: the identity; for Databricks the app and, once known, the disk identity. */
    private static List<String> principals(Pass pass, IdentityReady identity) {
        if (identity.identity() != null) {
            return List.of(identity.identity().principalId());
        }
        List<String> principals = new ArrayList<>();
        pass.settings().databricksPrincipal().ifPresent(principals::add);
        if (identity.target() instanceof TargetState.DatabricksWorkspaceState workspace) {
            workspace.managedDiskPrincipal().ifPresent(principals::add);
        }
        return principals;
    }

    private static boolean grants(List<RoleAssignment> assignments, String principal) {
        return assignments.stream().anyMatch(a -> a.grants(CRYPTO_SERVICE_ENCRYPTION_USER, principal));
    }

    private static String describe(List<String> principals, List<RoleAssignment> atKey) {
        List<String> parts = new ArrayList<>();
        for (String principal : principals) {
            Optional<RoleAssignment> assignment = atKey.stream()
                    .filter(a -> a.grants(CRYPTO_SERVICE_ENCRYPTION_USER, principal)).findFirst();
            parts.add(principal + assignment.map(a -> AssignmentOwnership.isOwned(a)
                    ? " (granted by the orchestrator)" : " (granted by someone else; left as it is)")
                    .orElse(" (granted at a broader scope)"));
        }
        return "Crypto Service Encryption User held by " + String.join(", ", parts);
    }
}
