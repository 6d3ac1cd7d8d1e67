package com.cmkorchestrator.adapters;

import com.azure.core.util.Context;
import com.azure.security.keyvault.administration.models.KeyVaultDataAction;
import com.azure.security.keyvault.administration.models.KeyVaultPermission;
import com.azure.security.keyvault.administration.models.KeyVaultRoleAssignment;
import com.azure.security.keyvault.administration.models.KeyVaultRoleDefinition;
import com.azure.security.keyvault.administration.models.KeyVaultRoleScope;
import com.azure.security.keyvault.administration.models.SetRoleDefinitionOptions;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.ports.AccessPort;
import com.cmkorchestrator.core.ports.CustomRole;
import com.cmkorchestrator.core.ports.RoleAssignment;

import java.net.URI;
import java.util.List;

/** {@link AccessPort} on {@code azure-security-keyvault-administration}'s {@code KeyVaultAccessControlClient}. */
public final class HsmLocalRbac implements AccessPort {
    private final AzureConnection azure;

    public HsmLocalRbac(AzureConnection azure) {
        this.azure = azure;
    }

    /** Only the assignments made at {@code scope} itself, as the port promises, whatever the HSM adds. */
    @Override
    public List<RoleAssignment> listAssignments(URI hsmUri, String scope) {
        String wanted = normalise(scope);
        return AzureCalls.call("GET " + AzureCalls.onHsm(hsmUri, wanted.substring(1)) + " roleAssignments", () -> azure.accessControl(hsmUri)
                        .listRoleAssignments(KeyVaultRoleScope.fromString(wanted)).stream()
                        .map(HsmLocalRbac::assignment).toList())
                .stream().filter(assignment -> assignment.scope().equalsIgnoreCase(wanted)).toList();
    }

    /**
     * A retry finds its earlier work: when the HSM refuses the PUT as a conflict (the name is taken, or the same
     * grant exists under another name, {@code RoleAssignmentExists}), the assignment at {@code scope} that grants
     * this role to this principal is returned - the one of that name first. Any other conflict is Azure's answer.
     */
    @Override
    public RoleAssignment createAssignment(URI hsmUri, String scope, String roleDefinitionId, String principalId,
                                           String name) {
        String at = normalise(scope);
        String operation = "PUT " + AzureCalls.onHsm(hsmUri, at.substring(1)) + " roleAssignments/" + name;
        try {
            return assignment(azure.accessControl(hsmUri).createRoleAssignment(KeyVaultRoleScope.fromString(at),
                    RoleDefinitionIds.of(roleDefinitionId), principalId, name));
        } catch (RuntimeException e) {
            RuntimeException refused = AzureErrorTranslator.translate(operation, e);
            if (!(refused instanceof AzureCallException conflict) || conflict.httpStatus() != 409) {
                throw refused;
            }
            List<RoleAssignment> granting = listAssignments(hsmUri, at).stream()
                    .filter(assignment -> assignment.grants(roleDefinitionId, principalId)).toList();
            return granting.stream().filter(assignment -> assignment.name().equalsIgnoreCase(name)).findFirst()
                    .or(() -> granting.stream().findFirst())
                    .orElseThrow(() -> refused);
        }
    }

    /**
     * Writes the definition at {@code /}, assignable at {@code /}, as Bicep's deployment script does. The library
     * (4.6.4) sends the definition's GUID as its {@code roleName} whatever {@code setRoleName} says, so the HSM lists
     * the role under its GUID; the GUID is Bicep's {@code guid()} of the same inputs, so a role either side wrote is the
     * one the other finds. What is returned is the role as the HSM answered it.
     */
    @Override
    public CustomRole defineRole(URI hsmUri, CustomRole role) {
        SetRoleDefinitionOptions options = new SetRoleDefinitionOptions(KeyVaultRoleScope.GLOBAL, role.name())
                .setRoleName(role.roleName()).setDescription(role.description())
                .setAssignableScopes(List.of(KeyVaultRoleScope.GLOBAL))
                .setPermissions(List.of(new KeyVaultPermission(List.of(), List.of(),
                        role.dataActions().stream().map(KeyVaultDataAction::fromString).toList(), List.of())));
        KeyVaultRoleDefinition written = AzureCalls.call("PUT " + AzureCalls.onHsm(hsmUri, "") + " roleDefinitions/"
                + role.name(), () -> azure.accessControl(hsmUri).setRoleDefinitionWithResponse(options, Context.NONE)
                .getValue());
        return new CustomRole(written.getName(), written.getRoleName(), written.getDescription(),
                written.getPermissions().stream().flatMap(permission -> permission.getDataActions().stream())
                        .map(Object::toString).toList());
    }

    private static RoleAssignment assignment(KeyVaultRoleAssignment assignment) {
        var properties = assignment.getProperties();
        return new RoleAssignment(assignment.getName(),
                properties.getScope() == null ? "/" : normalise(properties.getScope().toString()),
                RoleDefinitionIds.guidOf(properties.getRoleDefinitionId()), properties.getPrincipalId());
    }

    /** Scopes as the HSM writes them: {@code /}, {@code /keys}, {@code /keys/<name>}; no trailing slash. */
    static String normalise(String scope) {
        if (scope == null || scope.isBlank()) {
            throw new IllegalArgumentException("a role scope is required: '/', '/keys' or '/keys/<name>'");
        }
        String withSlash = scope.startsWith("/") ? scope : "/" + scope;
        return withSlash.length() > 1 && withSlash.endsWith("/") ? withSlash.substring(0, withSlash.length() - 1) : withSlash;
    }
}
