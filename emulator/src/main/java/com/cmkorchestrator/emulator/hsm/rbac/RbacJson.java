package com.cmkorchestrator.emulator.hsm.rbac;

import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** The local RBAC wire format, as the 7.5 examples and a live HSM's answers show it. */
final class RbacJson {
    private RbacJson() {
    }

    static ObjectNode definition(RoleDefinition definition) {
        ObjectNode node = EmuRequest.JSON.createObjectNode()
                .put("id", definition.id()).put("name", definition.name())
                .put("type", "Microsoft.Authorization/roleDefinitions");
        ObjectNode properties = node.putObject("properties");
        ArrayNode scopes = properties.putArray("assignableScopes");
        definition.assignableScopes().forEach(scope -> scopes.add(scope.value()));
        properties.put("description", definition.description());
        ArrayNode permissions = properties.putArray("permissions");
        for (RoleDefinition.Permission permission : definition.permissions()) {
            ObjectNode entry = permissions.addObject();
            strings(entry.putArray("actions"), permission.actions());
            strings(entry.putArray("dataActions"), permission.dataActions().stream().map(DataAction::value).toList());
            strings(entry.putArray("notActions"), permission.notActions());
            strings(entry.putArray("notDataActions"), permission.notDataActions().stream().map(DataAction::value).toList());
        }
        properties.put("roleName", definition.roleName()).put("type", definition.type().wireName());
        return node;
    }

    static ObjectNode assignment(RoleAssignment assignment) {
        ObjectNode node = EmuRequest.JSON.createObjectNode()
                .put("id", assignment.id()).put("name", assignment.name())
                .put("type", "Microsoft.Authorization/roleAssignments");
        node.putObject("properties").put("scope", assignment.scope().value())
                .put("roleDefinitionId", assignment.roleDefinitionId())
                .put("principalId", assignment.principalId());
        return node;
    }

    /** {@code {"value": [...], "nextLink": null}}: the lists are small enough for one page. */
    static ObjectNode list(List<ObjectNode> items) {
        ObjectNode body = EmuRequest.JSON.createObjectNode();
        body.putArray("value").addAll(items);
        body.putNull("nextLink");
        return body;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
