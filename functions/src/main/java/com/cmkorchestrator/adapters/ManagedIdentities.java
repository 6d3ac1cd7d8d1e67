package com.cmkorchestrator.adapters;

import com.azure.resourcemanager.msi.models.Identity;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.ports.IdentityPort;
import com.cmkorchestrator.core.ports.UserAssignedIdentity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/** {@link IdentityPort} on {@code azure-resourcemanager-msi}'s fluent {@code MsiManager.identities()}. */
public final class ManagedIdentities implements IdentityPort {
    private static final Logger LOG = Logger.getLogger(ManagedIdentities.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AzureConnection azure;
    private volatile String own;

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

    /**
     * The {@code oid} claim of the app's ARM token (Microsoft Entra access tokens are JWTs; the payload is read, not
     * verified: the token is the app's own, just issued). Remembered once known.
     */
    @Override
    public Optional<String> ownPrincipalId() {
        if (own == null) {
            try {
                String[] parts = azure.armToken().split("\\.");
                JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
                String oid = claims.path("oid").asText("");
                own = oid.isBlank() ? null : oid;
            } catch (RuntimeException | IOException e) {
                LOG.warning("the app's own principal cannot be read from its ARM token: " + e);
            }
        }
        return Optional.ofNullable(own);
    }

    private static UserAssignedIdentity identity(ArmId id, Identity identity) {
        return new UserAssignedIdentity(id, identity.principalId(), identity.clientId(), identity.regionName());
    }
}
