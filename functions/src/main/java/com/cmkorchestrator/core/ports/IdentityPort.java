package com.cmkorchestrator.core.ports;

import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;

import java.util.Map;
import java.util.Optional;

/**
 * User-assigned managed identities on ARM ({@code Microsoft.ManagedIdentity/userAssignedIdentities},
 * api-version 2023-01-31), through {@code azure-resourcemanager-msi} ({@code MsiManager.identities()}).
 * Throws {@link AzureCallException} for Azure errors other than the "not found" mapped to empty.
 */
public interface IdentityPort {

    /**
     * {@code UserAssignedIdentities_Get}: {@code GET {id}} ({@code identities().getById(id)}).
     *
     * @return the identity, or empty on 404
     */
    Optional<UserAssignedIdentity> get(ArmId id);

    /**
     * {@code UserAssignedIdentities_CreateOrUpdate}: {@code PUT {id}} with {@code location} and {@code tags}
     * ({@code identities().define(name).withRegion(location).withExistingResourceGroup(rg).withTags(tags).create()}).
     * Called only after {@link #get} returned empty, so it never rewrites someone's identity.
     */
    UserAssignedIdentity create(ArmId id, String location, Map<String, String> tags);
}
