package com.cmkorchestrator.emulator.hsm.rbac;

import com.cmkorchestrator.emulator.hsm.http.HsmRouter;
import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local RBAC routes ({@code {scope}/providers/Microsoft.Authorization/roleDefinitions|roleAssignments},
 * 7.5 rbac.json) in the wire format of the 7.5 examples. Custom role definitions are not emulated:
 * writing one is refused with 400.
 */
public final class RbacRoutes {
    private static final String PROVIDER = "/providers/Microsoft\\.Authorization/";
    private static final Pattern PRINCIPAL_FILTER = Pattern.compile("principalId\\s+eq\\s+'([^']*)'", Pattern.CASE_INSENSITIVE);

    private final LocalRbac rbac;

    public RbacRoutes(LocalRbac rbac) {
        this.rbac = rbac;
    }

    public void register(HsmRouter router) {
        router.add("GET", "(.*)" + PROVIDER + "roleDefinitions", this::listDefinitions);
        router.add("GET", "(.*)" + PROVIDER + "roleDefinitions/([^/]+)", this::getDefinition);
        router.add("PUT", "(.*)" + PROVIDER + "roleDefinitions/([^/]+)", this::writeDefinition);
        router.add("DELETE", "(.*)" + PROVIDER + "roleDefinitions/([^/]+)", this::writeDefinition);
        router.add("GET", "(.*)" + PROVIDER + "roleAssignments", this::listAssignments);
        router.add("PUT", "(.*)" + PROVIDER + "roleAssignments/([^/]+)", this::createAssignment);
        router.add("GET", "(.*)" + PROVIDER + "roleAssignments/([^/]+)", this::getAssignment);
        router.add("DELETE", "(.*)" + PROVIDER + "roleAssignments/([^/]+)", this::deleteAssignment);
    }

    private EmuResponse listDefinitions(HsmRouter.Call call) {
        RoleScope scope = RoleScope.parse(call.param(0));
        rbac.require(call.caller(), DataAction.ROLE_DEFINITIONS_READ, scope);
        ObjectNode body = EmuRequest.JSON.createObjectNode();
        ArrayNode value = body.putArray("value");
        Arrays.stream(BuiltInRole.values()).forEach(role -> value.add(definition(role)));
        body.putNull("nextLink");
        return EmuResponse.json(200, body);
    }

    private EmuResponse getDefinition(HsmRouter.Call call) {
        RoleScope scope = RoleScope.parse(call.param(0));
        rbac.require(call.caller(), DataAction.ROLE_DEFINITIONS_READ, scope);
        BuiltInRole role = BuiltInRole.byGuid(call.param(1)).orElseThrow(() -> new KeyVaultError(404,
                "RoleDefinitionNotFound", "The role definition '" + call.param(1) + "' was not found."));
        return EmuResponse.json(200, definition(role));
    }

    private EmuResponse writeDefinition(HsmRouter.Call call) {
        RoleScope scope = RoleScope.parse(call.param(0));
        rbac.require(call.caller(), call.request().method().equals("PUT")
                ? DataAction.ROLE_DEFINITIONS_WRITE : DataAction.ROLE_DEFINITIONS_DELETE, scope);
        throw KeyVaultError.badParameter("Custom role definitions are not supported by the cmk-orchestrator emulator;"
                + " use the built-in Managed HSM roles.");
    }

    private EmuResponse listAssignments(HsmRouter.Call call) {
        RoleScope scope = RoleScope.parse(call.param(0));
        rbac.require(call.caller(), DataAction.ROLE_ASSIGNMENTS_READ, scope);
        String principal = principalFilter(call.request().queryParam("$filter").orElse(""));
        ObjectNode body = EmuRequest.JSON.createObjectNode();
        ArrayNode value = body.putArray("value");
        rbac.list(scope, principal).forEach(assignment -> value.add(assignment(assignment)));
        body.putNull("nextLink");
        return EmuResponse.json(200, body);
    }

    /** Accepts {@code atScope()}, {@code principalId eq '...'} or both joined by {@code and}. */
    private static String principalFilter(String filter) {
        String rest = filter.replaceAll("(?i)atScope\\(\\)", "").replaceAll("(?i)\\band\\b", "").trim();
        if (rest.isEmpty()) {
            return null;
        }
        Matcher matcher = PRINCIPAL_FILTER.matcher(rest);
        if (!matcher.matches()) {
            throw KeyVaultError.badParameter("Unsupported $filter '" + filter
                    + "'. Use atScope() and/or principalId eq '<object id>'.");
        }
        return matcher.group(1);
    }

    private EmuResponse createAssignment(HsmRouter.Call call) {
        RoleScope scope = RoleScope.parse(call.param(0));
        rbac.require(call.caller(), DataAction.ROLE_ASSIGNMENTS_WRITE, scope);
        JsonNode properties = call.request().jsonObject("BadParameter").get("properties");
        if (properties == null || !properties.isObject()) {
            throw KeyVaultError.badParameter("The property 'properties' is required.");
        }
        RoleAssignment created = rbac.create(scope, call.param(1), text(properties, "roleDefinitionId"),
                text(properties, "principalId"));
        return EmuResponse.json(201, assignment(created));
    }

    private EmuResponse getAssignment(HsmRouter.Call call) {
        RoleScope scope = RoleScope.parse(call.param(0));
        rbac.require(call.caller(), DataAction.ROLE_ASSIGNMENTS_READ, scope);
        return EmuResponse.json(200, assignment(rbac.get(scope, call.param(1))));
    }

    private EmuResponse deleteAssignment(HsmRouter.Call call) {
        RoleScope scope = RoleScope.parse(call.param(0));
        rbac.require(call.caller(), DataAction.ROLE_ASSIGNMENTS_DELETE, scope);
        return EmuResponse.json(200, assignment(rbac.delete(scope, call.param(1))));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    static ObjectNode definition(BuiltInRole role) {
        ObjectNode node = EmuRequest.JSON.createObjectNode()
                .put("id", role.definitionId()).put("name", role.guid())
                .put("type", "Microsoft.Authorization/roleDefinitions");
        ObjectNode properties = node.putObject("properties").put("roleName", role.roleName())
                .put("description", role.description()).put("type", "AKVBuiltInRole");
        properties.putArray("assignableScopes").add("/");
        ObjectNode permission = properties.putArray("permissions").addObject();
        permission.putArray("actions");
        permission.putArray("notActions");
        ArrayNode dataActions = permission.putArray("dataActions");
        role.dataActions().forEach(action -> dataActions.add(action.value()));
        permission.putArray("notDataActions");
        return node;
    }

    static ObjectNode assignment(RoleAssignment assignment) {
        ObjectNode node = EmuRequest.JSON.createObjectNode()
                .put("id", assignment.id()).put("name", assignment.name())
                .put("type", "Microsoft.Authorization/roleAssignments");
        node.putObject("properties").put("scope", assignment.scope().value())
                .put("roleDefinitionId", assignment.role().definitionId())
                .put("principalId", assignment.principalId());
        return node;
    }
}
