package com.cmkorchestrator.emulator.hsm.rbac;

import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The body of {@code PUT {scope}/providers/Microsoft.Authorization/roleDefinitions/{name}}
 * ({@code RoleDefinitionCreateParameters}), read and validated before anything changes. Every
 * faulty field is named in one {@code BadParameter} answer. Defaults are what a live HSM answers
 * for a definition that leaves them out (the azure-sdk-for-js tracing recording): the role name is
 * the definition's GUID, the description empty, no permissions, assignable at {@code /}.
 * Refusing unknown data actions is the emulator's inference from the spec's {@code DataAction} enum.
 */
record RoleDefinitionRequest(String roleName, String description, List<RoleDefinition.Permission> permissions,
                             List<RoleScope> assignableScopes) {

    static RoleDefinitionRequest parse(JsonNode body) {
        List<String> faults = new ArrayList<>();
        JsonNode properties = body.get("properties");
        if (properties == null || !properties.isObject()) {
            throw KeyVaultError.badParameter("The property 'properties' is required and must be an object.");
        }
        String type = text(properties, "type", faults);
        if (type != null && !type.equalsIgnoreCase(RoleDefinition.Type.CUSTOM.wireName())) {
            faults.add("'properties.type' must be 'CustomRole', got '" + type + "'");
        }
        String roleName = text(properties, "roleName", faults);
        if (roleName != null && roleName.isBlank()) {
            faults.add("'properties.roleName' must not be blank");
        }
        String description = text(properties, "description", faults);
        List<RoleDefinition.Permission> permissions = permissions(properties.get("permissions"), faults);
        List<RoleScope> scopes = assignableScopes(properties.get("assignableScopes"), faults);
        if (!faults.isEmpty()) {
            throw KeyVaultError.badParameter("Invalid role definition: " + String.join("; ", faults) + ".");
        }
        return new RoleDefinitionRequest(roleName, description == null ? "" : description, permissions, scopes);
    }

    private static List<RoleDefinition.Permission> permissions(JsonNode node, List<String> faults) {
        List<RoleDefinition.Permission> permissions = new ArrayList<>();
        if (node == null || node.isNull()) {
            return permissions;
        }
        if (!node.isArray()) {
            faults.add("'properties.permissions' must be an array");
            return permissions;
        }
        for (int i = 0; i < node.size(); i++) {
            String path = "properties.permissions[" + i + "]";
            JsonNode permission = node.get(i);
            if (!permission.isObject()) {
                faults.add("'" + path + "' must be an object");
                continue;
            }
            permissions.add(new RoleDefinition.Permission(strings(permission, "actions", path, faults),
                    strings(permission, "notActions", path, faults), dataActions(permission, "dataActions", path, faults),
                    dataActions(permission, "notDataActions", path, faults)));
        }
        return permissions;
    }

    private static List<DataAction> dataActions(JsonNode permission, String field, String path, List<String> faults) {
        List<DataAction> actions = new ArrayList<>();
        for (String value : strings(permission, field, path, faults)) {
            Optional<DataAction> action = DataAction.fromValue(value);
            if (action.isEmpty()) {
                faults.add("'" + path + "." + field + "' holds '" + value + "', which is not a Managed HSM data action");
            } else if (!actions.contains(action.get())) {
                actions.add(action.get());
            }
        }
        return actions;
    }

    private static List<RoleScope> assignableScopes(JsonNode node, List<String> faults) {
        if (node == null || node.isNull() || node.isArray() && node.isEmpty()) {
            return List.of(RoleScope.GLOBAL);
        }
        List<RoleScope> scopes = new ArrayList<>();
        if (!node.isArray()) {
            faults.add("'properties.assignableScopes' must be an array");
            return scopes;
        }
        for (JsonNode scope : node) {
            String value = scope.isTextual() ? scope.asText() : scope.toString();
            if (value.equals("/")) {
                scopes.add(RoleScope.GLOBAL);
            } else if (value.equalsIgnoreCase("/keys")) {
                scopes.add(RoleScope.KEYS);
            } else {
                faults.add("'properties.assignableScopes' holds '" + value + "'; a role is assignable at '/' or '/keys'");
            }
        }
        return scopes;
    }

    private static List<String> strings(JsonNode parent, String field, String path, List<String> faults) {
        List<String> out = new ArrayList<>();
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            faults.add("'" + path + "." + field + "' must be an array of strings");
            return out;
        }
        for (JsonNode item : node) {
            if (item.isTextual()) {
                out.add(item.asText());
            } else {
                faults.add("'" + path + "." + field + "' must hold strings only, got " + item);
            }
        }
        return out;
    }

    private static String text(JsonNode parent, String field, List<String> faults) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            faults.add("'properties." + field + "' must be a string");
            return null;
        }
        return node.asText();
    }
}
