package com.cmkorchestrator.emulator.hsm.rbac;

import java.util.List;
import java.util.Objects;

/**
 * One local RBAC role definition (7.5 {@code rbac.json} {@code RoleDefinition}): a built-in role or
 * a custom one. What a role allows is the union of its permissions, each granting its
 * {@code dataActions} except its {@code notDataActions}; {@code actions} and {@code notActions} are
 * kept and answered but grant nothing on the data plane.
 *
 * @param name the definition's GUID, lower case
 * @param assignableScopes where it may be assigned: {@code /} or {@code /keys} (the spec's {@code RoleScope})
 */
public record RoleDefinition(String name, String roleName, String description, Type type, List<Permission> permissions,
                             List<RoleScope> assignableScopes) {

    /** How the data plane prefixes a definition's GUID: {@code Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/<guid>}. */
    public static final String ID_PREFIX = "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/";

    /** The spec's {@code RoleType}. */
    public enum Type {
        BUILT_IN("AKVBuiltInRole"), CUSTOM("CustomRole");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() { return wireName; }
    }

    /** One entry of {@code permissions}. */
    public record Permission(List<String> actions, List<String> notActions, List<DataAction> dataActions,
                             List<DataAction> notDataActions) {
        public Permission {
            actions = List.copyOf(actions);
            notActions = List.copyOf(notActions);
            dataActions = List.copyOf(dataActions);
            notDataActions = List.copyOf(notDataActions);
        }

        boolean grants(DataAction action) {
            return dataActions.contains(action) && !notDataActions.contains(action);
        }
    }

    public RoleDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(roleName, "roleName");
        Objects.requireNonNull(type, "type");
        description = description == null ? "" : description;
        permissions = List.copyOf(permissions);
        assignableScopes = List.copyOf(assignableScopes);
    }

    /** {@code Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/<guid>} */
    public String id() { return ID_PREFIX + name; }

    public boolean grants(DataAction action) {
        return permissions.stream().anyMatch(permission -> permission.grants(action));
    }

    /** Whether an assignment of this role at {@code scope} is allowed. */
    public boolean isAssignableAt(RoleScope scope) {
        return assignableScopes.stream().anyMatch(assignable -> assignable.covers(scope));
    }
}
