package com.cmkorchestrator.adapters;

import com.azure.core.exception.HttpResponseException;
import com.azure.security.keyvault.administration.KeyVaultAccessControlClient;
import com.azure.security.keyvault.administration.models.KeyVaultRoleAssignment;
import com.azure.security.keyvault.administration.models.KeyVaultRoleScope;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.ports.AccessPort;
import com.cmkorchestrator.core.ports.RoleAssignment;

import java.net.URI;
import java.util.List;

/** {@link AccessPort} on {@code azure-security-keyvault-administration}'s {@link KeyVaultAccessControlClient}. */
public final class HsmLocalRbac implements AccessPort {
    private final AzureConnection azure;

    public HsmLocalRbac(AzureConnection azure) {
        this.azure = azure;
    }

    /** Only the assignments made at {@code scope} itself, as the port promises, whatever the HSM adds. */
    @Override
    public List<RoleAssignment> listAssignments(URI hsmUri, String scope) {
        String wanted = normalise(scope);
        return AzureCalls.call("GET " + hsmUri + wanted + " roleAssignments", () -> azure.accessControl(hsmUri)
                        .listRoleAssignments(KeyVaultRoleScope.fromString(wanted)).stream()
                        .map(HsmLocalRbac::assignment).toList())
                .stream().filter(assignment -> assignment.scope().equalsIgnoreCase(wanted)).toList();
    }

    /**
     * A retry with the same name finds its earlier assignment: when the PUT is refused as a conflict, the
     * assignment of that name is read back and returned if it grants the same role to the same principal.
     */
    @Override
    public RoleAssignment createAssignment(URI hsmUri, String scope, String roleDefinitionId, String principalId,
                                           String name) {
        String at = normalise(scope);
        String operation = "PUT " + hsmUri + at + " roleAssignments/" + name;
        KeyVaultAccessControlClient access = azure.accessControl(hsmUri);
        KeyVaultRoleScope roleScope = KeyVaultRoleScope.fromString(at);
        try {
            return assignment(access.createRoleAssignment(roleScope, RoleDefinitionIds.of(roleDefinitionId), principalId, name));
        } catch (HttpResponseException e) {
            AzureCallException refused = (AzureCallException) AzureErrorTranslator.translate(operation, e);
            if (refused.httpStatus() != 409) {
                throw refused;
            }
            RoleAssignment existing = AzureCalls.call("GET " + hsmUri + at + " roleAssignments/" + name,
                    () -> assignment(access.getRoleAssignment(roleScope, name)));
            if (!existing.grants(roleDefinitionId, principalId)) {
                throw refused;
            }
            return existing;
        } catch (RuntimeException e) {
            throw AzureErrorTranslator.translate(operation, e);
        }
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
