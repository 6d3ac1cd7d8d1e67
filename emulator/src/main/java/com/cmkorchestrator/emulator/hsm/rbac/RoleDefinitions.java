package com.cmkorchestrator.emulator.hsm.rbac;

import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One HSM's role definitions: the built-in roles, which cannot change, and up to 50 custom roles
 * ("50 custom roles" per HSM, key-vault-limits.md), which the definition write and delete routes
 * manage. Not thread-safe: the owning HSM serializes access.
 *
 * <p>The codes of the refusals are ARM's for the same situations ({@code RoleDefinitionLimitExceeded},
 * {@code RoleDefinitionHasAssignments}); Managed HSM's own are not documented (inferred).
 */
public final class RoleDefinitions {
    static final int CUSTOM_ROLE_LIMIT = 50;
    private static final String MARKER = "/providers/microsoft.authorization/roledefinitions/";
    private static final Pattern GUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final Map<String, RoleDefinition> custom = new LinkedHashMap<>();

    /** A built-in or custom definition by its GUID. */
    public Optional<RoleDefinition> find(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        return BuiltInRole.byGuid(key).map(BuiltInRole::definition).or(() -> Optional.ofNullable(custom.get(key)));
    }

    /**
     * Resolves a {@code roleDefinitionId} as clients send it: the data-plane form, with or without a
     * leading slash, or with a scope prefix ({@code /keys/providers/...}); only the trailing GUID matters.
     */
    public Optional<RoleDefinition> byDefinitionId(String definitionId) {
        if (definitionId == null) {
            return Optional.empty();
        }
        int at = definitionId.toLowerCase(Locale.ROOT).lastIndexOf(MARKER);
        return at < 0 ? Optional.empty() : find(definitionId.substring(at + MARKER.length()));
    }

    /** Definitions assignable at {@code scope} ("applicable at scope and above"), built-in first. */
    public List<RoleDefinition> applicableAt(RoleScope scope) {
        List<RoleDefinition> out = new ArrayList<>();
        Arrays.stream(BuiltInRole.values()).map(BuiltInRole::definition).forEach(out::add);
        out.addAll(custom.values());
        out.removeIf(definition -> !definition.isAssignableAt(scope));
        return out;
    }

    public List<RoleDefinition> custom() { return List.copyOf(custom.values()); }

    /**
     * Creates or replaces a custom role; writing the same definition twice changes nothing.
     *
     * @throws KeyVaultError 400 for a name that is not a GUID or is a built-in role's, 400
     *         {@code RoleDefinitionLimitExceeded} for a 51st custom role
     */
    RoleDefinition put(String name, RoleDefinitionRequest request) {
        String key = requireCustomName(name);
        if (!custom.containsKey(key) && custom.size() >= CUSTOM_ROLE_LIMIT) {
            throw new KeyVaultError(400, "RoleDefinitionLimitExceeded", "Role definition limit exceeded. No more role"
                    + " definitions can be created: a managed HSM holds at most " + CUSTOM_ROLE_LIMIT + " custom roles.");
        }
        RoleDefinition definition = new RoleDefinition(key, request.roleName() != null ? request.roleName() : key,
                request.description(), RoleDefinition.Type.CUSTOM, request.permissions(), request.assignableScopes());
        custom.put(key, definition);
        return definition;
    }

    /**
     * @param inUse whether an assignment still refers to the definition (by GUID)
     * @throws KeyVaultError 404 {@code RoleDefinitionNotFound}; 400 for a built-in role; 409
     *         {@code RoleDefinitionHasAssignments} while assignments use it (deleting it would
     *         silently take their access away)
     */
    RoleDefinition delete(String name, Predicate<String> inUse) {
        String key = requireCustomName(name);
        RoleDefinition definition = custom.get(key);
        if (definition == null) {
            throw notFound(name);
        }
        if (inUse.test(key)) {
            throw new KeyVaultError(409, "RoleDefinitionHasAssignments", "There are existing role assignments"
                    + " referencing role definition '" + key + "'. Delete them first.");
        }
        custom.remove(key);
        return definition;
    }

    static KeyVaultError notFound(String name) {
        return new KeyVaultError(404, "RoleDefinitionNotFound", "The role definition '" + name + "' was not found.");
    }

    private static String requireCustomName(String name) {
        if (name == null || !GUID.matcher(name).matches()) {
            throw KeyVaultError.badParameter("The role definition name '" + name + "' must be a GUID.");
        }
        if (BuiltInRole.byGuid(name).isPresent()) {
            throw KeyVaultError.badParameter("The role definition '" + name + "' is a built-in role and cannot be"
                    + " changed or deleted.");
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
