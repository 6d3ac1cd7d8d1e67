package com.cmkorchestrator.adapters;

import com.azure.resourcemanager.msi.models.Identity;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.ports.IdentityPort;
import com.cmkorchestrator.core.ports.UserAssignedIdentity;

import java.util.Map;
import java.util.Optional;

/** {@link IdentityPort} on {@code azure-resourcemanager-msi}'s fluent {@code MsiManager.identities()}. */
public final class ManagedIdentities implements IdentityPort {
    private final AzureConnection azure;

    public ManagedIdentities(AzureConnection azure) {
        this.azure = azure;
    }

    @Override
    public Optional<UserAssignedIdentity> get(ArmId id) {
        return AzureCalls.find("GET " + id, () -> azure.msi(id.subscriptionId()).identities().getById(id.toString()))
                .map(identity -> identity(id, identity));
    }

    @Override
    public UserAssignedIdentity create(ArmId id, String location, Map<String, String> tags) {
        String group = id.resourceGroup().orElseThrow(() -> new IllegalArgumentException(id + " names no resource group"));
        Identity created = AzureCalls.call("PUT " + id, () -> azure.msi(id.subscriptionId()).identities()
                .define(id.resourceName()).withRegion(location).withExistingResourceGroup(group)
                .withTags(Map.copyOf(tags)).create());
        return identity(id, created);
    }

    private static UserAssignedIdentity identity(ArmId id, Identity identity) {
        return new UserAssignedIdentity(id, identity.principalId(), identity.clientId(), identity.regionName());
    }
}
