package com.cmkorchestrator.adapters;

import com.cmkorchestrator.core.ports.AccessPort;
import com.cmkorchestrator.core.ports.CustomRole;
import com.cmkorchestrator.core.ports.RoleAssignment;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The role assignments at a scope, listed once for a fan-out's passes on one key rather than once per binding. A
 * stale answer costs no correctness: a grant seen that was since removed makes the bind fail for access and be
 * retried; a grant not yet seen is created again under its deterministic name, which the HSM answers 409 and the
 * adapter turns into the existing one. A grant is decided on a list read now ({@link #listAssignmentsNow}), never on a
 * shared one. Every assignment this process creates on an HSM forgets that HSM's lists.
 */
final class AssignmentCache implements AccessPort {
    static final Duration TIME_TO_LIVE = Duration.ofSeconds(10);

    private final AccessPort hsm;
    private final RecentReads<String, List<RoleAssignment>> lists;

    AssignmentCache(AccessPort hsm, Clock clock) {
        this.hsm = hsm;
        this.lists = new RecentReads<>(TIME_TO_LIVE, clock);
    }

    @Override
    public List<RoleAssignment> listAssignments(URI hsmUri, String scope) {
        return lists.get(key(hsmUri, scope), () -> Optional.of(hsm.listAssignments(hsmUri, scope))).orElseThrow();
    }

    @Override
    public List<RoleAssignment> listAssignmentsNow(URI hsmUri, String scope) {
        return lists.fresh(key(hsmUri, scope), () -> Optional.of(hsm.listAssignments(hsmUri, scope))).orElseThrow();
    }

    @Override
    public RoleAssignment createAssignment(URI hsmUri, String scope, String roleDefinitionId, String principalId,
                                           String name) {
        try {
            return hsm.createAssignment(hsmUri, scope, roleDefinitionId, principalId, name);
        } finally {
            String onHsm = (hsmUri + "|").toLowerCase(Locale.ROOT);
            lists.forgetIf(key -> key.startsWith(onHsm));
        }
    }

    @Override
    public CustomRole defineRole(URI hsmUri, CustomRole role) {
        return hsm.defineRole(hsmUri, role);
    }

    private static String key(URI hsmUri, String scope) {
        return (hsmUri + "|" + scope).toLowerCase(Locale.ROOT);
    }
}
