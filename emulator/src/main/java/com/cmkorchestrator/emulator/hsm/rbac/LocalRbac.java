package com.cmkorchestrator.emulator.hsm.rbac;

import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One HSM's local RBAC: its role definitions (built-in and custom), its role assignments, Azure's
 * limits on them, and the authorization decision for every data-plane call, by data action at
 * scope. Not thread-safe: the owning HSM serializes access.
 */
public final class LocalRbac {
    /** "50 role assignments at HSM scope", "10 per key scope" (key-vault-limits.md). */
    static final int HSM_SCOPE_LIMIT = 50;
    static final int KEY_SCOPE_LIMIT = 10;
    private static final Pattern GUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final Map<String, RoleAssignment> byName = new LinkedHashMap<>();
    private final RoleDefinitions definitions = new RoleDefinitions();
    private final Clock clock;
    private final Duration propagation;

    public LocalRbac(Clock clock, Duration propagation) {
        this.clock = clock;
        this.propagation = propagation;
    }

    /**
     * What provisioning does for {@code initialAdminObjectIds}: Administrator at {@code /}, in effect at
     * once (they must be able to activate the HSM straight away).
     */
    public void grantInitialAdministrators(List<String> objectIds) {
        Instant now = clock.instant();
        for (String objectId : objectIds) {
            String principal = requireGuid(objectId, "initialAdminObjectIds");
            String name = UUID.nameUUIDFromBytes(("initial-admin/" + principal).getBytes(StandardCharsets.UTF_8)).toString();
            byName.put(name, new RoleAssignment(name, RoleScope.GLOBAL, BuiltInRole.ADMINISTRATOR.guid(), principal, now, now));
        }
    }

    /**
     * PUT of a role assignment. Repeating an identical PUT returns the existing assignment unchanged.
     *
     * @throws KeyVaultError 400 for a bad name, principal or role (or a role not assignable at the
     *         scope), 409 for a conflicting assignment, 400 {@code RoleAssignmentLimitExceeded} past
     *         Azure's per-scope limits
     */
    public RoleAssignment create(RoleScope scope, String name, String roleDefinitionId, String principalId) {
        String assignmentName = requireGuid(name, "roleAssignmentName");
        String principal = requireGuid(principalId, "properties.principalId");
        if (roleDefinitionId == null || roleDefinitionId.isBlank()) {
            throw KeyVaultError.badParameter("The property 'properties.roleDefinitionId' is required.");
        }
        String role = definitions.byDefinitionId(roleDefinitionId).orElseThrow(() -> new KeyVaultError(400,
                "RoleDefinitionDoesNotExist", "The specified role definition with ID '" + roleDefinitionId
                + "' does not exist.")).name();
        RoleAssignment existing = byName.get(assignmentName);
        if (existing != null) {
            if (existing.grantsSameAs(scope, role, principal)) {
                return existing;
            }
            throw new KeyVaultError(409, "Conflict", "A role assignment named '" + assignmentName
                    + "' already exists with another scope, role or principal. Role assignments cannot be"
                    + " updated; delete it first.");
        }
        if (byName.values().stream().anyMatch(a -> a.grantsSameAs(scope, role, principal))) {
            throw new KeyVaultError(409, "RoleAssignmentExists", "The role assignment already exists.");
        }
        if (!definitions.find(role).orElseThrow().isAssignableAt(scope)) {
            throw KeyVaultError.badParameter("The role definition '" + role + "' is not assignable at scope '" + scope
                    + "': its assignable scopes do not cover it.");
        }
        checkLimit(scope);
        Instant now = clock.instant();
        RoleAssignment created = new RoleAssignment(assignmentName, scope, role, principal, now, now.plus(propagation));
        byName.put(assignmentName, created);
        return created;
    }

    private void checkLimit(RoleScope scope) {
        long atSameLevel = scope.isKeyScope()
                ? byName.values().stream().filter(a -> a.scope().sameAs(scope)).count()
                : byName.values().stream().filter(a -> !a.scope().isKeyScope()).count();
        int limit = scope.isKeyScope() ? KEY_SCOPE_LIMIT : HSM_SCOPE_LIMIT;
        if (atSameLevel >= limit) {
            throw new KeyVaultError(400, "RoleAssignmentLimitExceeded", "No more role assignments can be created at"
                    + " scope '" + scope + "': the limit is " + limit + (scope.isKeyScope() ? " per key scope." : " at HSM scope."));
        }
    }

    /** @throws KeyVaultError 404 {@code RoleAssignmentNotFound} unless {@code name} exists at {@code scope} */
    public RoleAssignment get(RoleScope scope, String name) {
        RoleAssignment assignment = byName.get(name.toLowerCase(Locale.ROOT));
        if (assignment == null || !assignment.scope().sameAs(scope)) {
            throw new KeyVaultError(404, "RoleAssignmentNotFound", "The role assignment '" + name
                    + "' is not found at scope '" + scope + "'.");
        }
        return assignment;
    }

    /** Removes an assignment; access it gave ends at once. */
    public RoleAssignment delete(RoleScope scope, String name) {
        RoleAssignment assignment = get(scope, name);
        byName.remove(assignment.name());
        return assignment;
    }

    /**
     * Assignments made exactly at {@code scope} (so listing at {@code /} hides key-scope ones), optionally
     * only those of one principal.
     */
    public List<RoleAssignment> list(RoleScope scope, String principalIdOrNull) {
        List<RoleAssignment> found = new ArrayList<>();
        for (RoleAssignment assignment : byName.values()) {
            if (assignment.scope().sameAs(scope)
                    && (principalIdOrNull == null || assignment.principalId().equalsIgnoreCase(principalIdOrNull))) {
                found.add(assignment);
            }
        }
        return found;
    }

    public List<RoleAssignment> all() { return List.copyOf(byName.values()); }

    /** The definition an assignment grants (always there: a definition in use cannot be deleted). */
    public RoleDefinition definitionOf(RoleAssignment assignment) {
        return definitions.find(assignment.roleDefinitionName()).orElseThrow();
    }

    /** @throws KeyVaultError 404 {@code RoleDefinitionNotFound} */
    public RoleDefinition definition(String name) {
        return definitions.find(name).orElseThrow(() -> RoleDefinitions.notFound(name));
    }

    public List<RoleDefinition> definitionsApplicableAt(RoleScope scope) {
        return definitions.applicableAt(scope);
    }

    public List<RoleDefinition> customDefinitions() { return definitions.custom(); }

    /**
     * Creates or replaces a custom role definition (the body of the PUT).
     *
     * @throws KeyVaultError 400 naming every faulty field, or past the limit of custom roles
     */
    public RoleDefinition putDefinition(String name, JsonNode body) {
        return definitions.put(name, RoleDefinitionRequest.parse(body));
    }

    /** @throws KeyVaultError 409 while an assignment still grants the role */
    public RoleDefinition deleteDefinition(String name) {
        return definitions.delete(name, guid -> byName.values().stream().anyMatch(a -> a.roleDefinitionName().equals(guid)));
    }

    /** Whether an assignment in effect now gives {@code principal} the action at {@code target}. */
    public boolean isPermitted(String principal, DataAction action, RoleScope target) {
        Instant now = clock.instant();
        return byName.values().stream().anyMatch(a -> a.principalId().equalsIgnoreCase(principal)
                && a.isEffectiveAt(now) && a.scope().covers(target) && definitionOf(a).grants(action));
    }

    /**
     * @throws KeyVaultError 403 {@code AccessDenied}, worded as the Managed HSM data plane words it
     *         (seen through az CLI in Azure/azure-cli#32719: "Not authorized to access &lt;action&gt; on &lt;scope&gt;")
     */
    public void require(String principal, DataAction action, RoleScope target) {
        if (!isPermitted(principal, action, target)) {
            throw new KeyVaultError(403, "AccessDenied", "Not authorized to access " + action.value() + " on "
                    + target + " (Activity ID: " + UUID.randomUUID() + ")");
        }
    }

    private static String requireGuid(String value, String field) {
        if (value == null || !GUID.matcher(value).matches()) {
            throw KeyVaultError.badParameter("The property '" + field + "' must be a GUID, got '" + value + "'.");
        }
        return value.toLowerCase(Locale.ROOT);
    }
}
