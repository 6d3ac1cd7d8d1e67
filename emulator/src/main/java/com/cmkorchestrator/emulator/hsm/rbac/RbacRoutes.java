package com.cmkorchestrator.emulator.hsm.rbac;

import com.cmkorchestrator.emulator.hsm.http.HsmRouter;
import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local RBAC routes ({@code {scope}/providers/Microsoft.Authorization/roleDefinitions|roleAssignments},
 * 7.5 rbac.json), as {@code KeyVaultAccessControlClient} calls them. Each call is authorized for its
 * data action at the path's scope before its body is read.
 */
public final class RbacRoutes {
    private static final String PROVIDER = "/providers/Microsoft\\.Authorization/";
    private static final Pattern PRINCIPAL_FILTER = Pattern.compile("principalId\\s+eq\\s+'([^']*)'", Pattern.CASE_INSENSITIVE);
    private static final Pattern ROLE_NAME_FILTER = Pattern.compile("roleName\\s+eq\\s+'([^']*)'", Pattern.CASE_INSENSITIVE);

    private final LocalRbac rbac;

    public RbacRoutes(LocalRbac rbac) {
        this.rbac = rbac;
    }

    public void register(HsmRouter router) {
        router.add("GET", "(.*)" + PROVIDER + "roleDefinitions", this::listDefinitions);
        router.add("GET", "(.*)" + PROVIDER + "roleDefinitions/([^/]+)", this::getDefinition);
        router.add("PUT", "(.*)" + PROVIDER + "roleDefinitions/([^/]+)", this::putDefinition);
        router.add("DELETE", "(.*)" + PROVIDER + "roleDefinitions/([^/]+)", this::deleteDefinition);
        router.add("GET", "(.*)" + PROVIDER + "roleAssignments", this::listAssignments);
        router.add("PUT", "(.*)" + PROVIDER + "roleAssignments/([^/]+)", this::createAssignment);
        router.add("GET", "(.*)" + PROVIDER + "roleAssignments/([^/]+)", this::getAssignment);
        router.add("DELETE", "(.*)" + PROVIDER + "roleAssignments/([^/]+)", this::deleteAssignment);
    }

    /** Authorizes the caller for {@code action} at the scope the path names. */
    private RoleScope authorizedScope(HsmRouter.Call call, DataAction action) {
        RoleScope scope = RoleScope.parse(call.param(0));
        rbac.require(call.caller(), action, scope);
        return scope;
    }

    private EmuResponse listDefinitions(HsmRouter.Call call) {
        RoleScope scope = authorizedScope(call, DataAction.ROLE_DEFINITIONS_READ);
        String roleName = filter(call, ROLE_NAME_FILTER, "roleName eq '<role name>'");
        return EmuResponse.json(200, RbacJson.list(rbac.definitionsApplicableAt(scope).stream()
                .filter(definition -> roleName == null || definition.roleName().equalsIgnoreCase(roleName))
                .map(RbacJson::definition).toList()));
    }

    private EmuResponse getDefinition(HsmRouter.Call call) {
        authorizedScope(call, DataAction.ROLE_DEFINITIONS_READ);
        return EmuResponse.json(200, RbacJson.definition(rbac.definition(call.param(1))));
    }

    private EmuResponse putDefinition(HsmRouter.Call call) {
        definitionScope(authorizedScope(call, DataAction.ROLE_DEFINITIONS_WRITE));
        JsonNode body = call.request().jsonObject("BadParameter");
        return EmuResponse.json(201, RbacJson.definition(rbac.putDefinition(call.param(1), body)));
    }

    private EmuResponse deleteDefinition(HsmRouter.Call call) {
        definitionScope(authorizedScope(call, DataAction.ROLE_DEFINITIONS_DELETE));
        return EmuResponse.json(200, RbacJson.definition(rbac.deleteDefinition(call.param(1))));
    }

    /**
     * The spec says "Managed HSM only supports '/'" for definition writes, while its own PUT example
     * writes at {@code keys}: both are accepted, a key's scope is not.
     */
    private static void definitionScope(RoleScope scope) {
        if (scope.isKeyScope()) {
            throw KeyVaultError.badParameter("Role definitions are written at scope '/' (or '/keys'), not at '"
                    + scope + "'.");
        }
    }

    private EmuResponse listAssignments(HsmRouter.Call call) {
        RoleScope scope = authorizedScope(call, DataAction.ROLE_ASSIGNMENTS_READ);
        String principal = filter(call, PRINCIPAL_FILTER, "atScope() and/or principalId eq '<object id>'");
        return EmuResponse.json(200, RbacJson.list(rbac.list(scope, principal).stream().map(RbacJson::assignment).toList()));
    }

    /**
     * The value a {@code $filter} of the given shape names, or null without one; {@code atScope()}
     * (with {@code and}) is accepted and changes nothing, since lists are at the scope already.
     */
    private static String filter(HsmRouter.Call call, Pattern shape, String accepted) {
        String filter = call.request().queryParam("$filter").orElse("");
        String rest = filter.replaceAll("(?i)atScope\\(\\)", "").replaceAll("(?i)\\band\\b", "").trim();
        if (rest.isEmpty()) {
            return null;
        }
        Matcher matcher = shape.matcher(rest);
        if (!matcher.matches()) {
            throw KeyVaultError.badParameter("Unsupported $filter '" + filter + "'. Use " + accepted + ".");
        }
        return matcher.group(1);
    }

    private EmuResponse createAssignment(HsmRouter.Call call) {
        RoleScope scope = authorizedScope(call, DataAction.ROLE_ASSIGNMENTS_WRITE);
        JsonNode properties = call.request().jsonObject("BadParameter").get("properties");
        if (properties == null || !properties.isObject()) {
            throw KeyVaultError.badParameter("The property 'properties' is required.");
        }
        RoleAssignment created = rbac.create(scope, call.param(1), text(properties, "roleDefinitionId"),
                text(properties, "principalId"));
        return EmuResponse.json(201, RbacJson.assignment(created));
    }

    private EmuResponse getAssignment(HsmRouter.Call call) {
        RoleScope scope = authorizedScope(call, DataAction.ROLE_ASSIGNMENTS_READ);
        return EmuResponse.json(200, RbacJson.assignment(rbac.get(scope, call.param(1))));
    }

    private EmuResponse deleteAssignment(HsmRouter.Call call) {
        RoleScope scope = authorizedScope(call, DataAction.ROLE_ASSIGNMENTS_DELETE);
        return EmuResponse.json(200, RbacJson.assignment(rbac.delete(scope, call.param(1))));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }
}
