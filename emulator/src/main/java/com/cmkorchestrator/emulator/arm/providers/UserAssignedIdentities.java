package com.cmkorchestrator.emulator.arm.providers;

import com.cmkorchestrator.emulator.arm.ApiVersions;
import com.cmkorchestrator.emulator.arm.ArmCall;
import com.cmkorchestrator.emulator.arm.ArmContext;
import com.cmkorchestrator.emulator.arm.ManagedIdentities;
import com.cmkorchestrator.emulator.arm.ResourceId;
import com.cmkorchestrator.emulator.arm.TrackedResources;
import com.cmkorchestrator.emulator.transport.EmuException;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code Microsoft.ManagedIdentity/userAssignedIdentities}: a PUT creates the service principal
 * (new principal and client IDs, kept on later PUTs); synchronous 201/200, DELETE 200/204.
 */
public final class UserAssignedIdentities extends TrackedResources {
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$");

    public UserAssignedIdentities(ArmContext arm) {
        super(arm);
    }

    @Override
    public String fullType() { return ManagedIdentities.USER_ASSIGNED_TYPE; }

    @Override
    public List<String> apiVersions() { return ApiVersions.MANAGED_IDENTITY; }

    @Override
    public void validateName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new EmuException(400, "InvalidResourceName", "Resource name '" + name + "' is invalid. The name can "
                    + "contain only letters, numbers, underscores and hyphens, must start with a letter or number, and "
                    + "be 3 to 128 characters long.");
        }
    }

    @Override
    public EmuResponse put(ArmCall call, ResourceId id, ObjectNode body) {
        ObjectNode existing = existing(id);
        ObjectNode doc = envelope(id, body, existing);
        ObjectNode properties = doc.putObject("properties");
        properties.put("tenantId", arm.settings().tenantId());
        properties.put("principalId", existing != null ? existing.path("properties").path("principalId").asText()
                : UUID.randomUUID().toString());
        properties.put("clientId", existing != null ? existing.path("properties").path("clientId").asText()
                : UUID.randomUUID().toString());
        properties.put("isolationScope", "None");
        return written(call, id, doc, existing == null ? 201 : 200);
    }

    @Override
    public EmuResponse patch(ArmCall call, ResourceId id, ObjectNode body) {
        return patchTags(call, id, body);
    }

    @Override
    public EmuResponse delete(ArmCall call, ResourceId id) {
        return deleteNow(call, id);
    }
}
