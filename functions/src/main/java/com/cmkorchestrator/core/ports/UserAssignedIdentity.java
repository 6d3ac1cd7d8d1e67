package com.cmkorchestrator.core.ports;

import com.cmkorchestrator.core.model.ArmId;

import java.util.Objects;

/**
 * A user-assigned managed identity.
 *
 * @param id          ARM ID
 * @param principalId {@code properties.principalId}: the object ID that role assignments name
 * @param clientId    {@code properties.clientId}
 * @param location    Azure region
 */
public record UserAssignedIdentity(ArmId id, String principalId, String clientId, String location) {

    public UserAssignedIdentity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(principalId, "principalId");
    }
}
