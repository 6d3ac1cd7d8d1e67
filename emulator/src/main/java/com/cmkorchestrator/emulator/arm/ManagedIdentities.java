package com.cmkorchestrator.emulator.arm;

import com.cmkorchestrator.emulator.transport.EmuException;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code identity} block shared by resource types with managed identities: {@code None},
 * {@code SystemAssigned} (ARM makes a service principal for the resource, whose object ID stays
 * the same while the resource keeps it), {@code UserAssigned} (each entry must name an existing
 * {@code userAssignedIdentities} resource; ARM fills in its principal and client IDs), or both.
 */
public final class ManagedIdentities {
    public static final String USER_ASSIGNED_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";

    private final ArmState state;
    private final String tenantId;

    public ManagedIdentities(ArmState state, String tenantId) {
        this.state = state;
        this.tenantId = tenantId;
    }

    /**
     * Resolves a requested identity block against the resource's previous one.
     *
     * @return the block as ARM stores and returns it, or null for no identity
     */
    public ObjectNode resolve(JsonNode requested, JsonNode previous) {
        if (requested == null || requested.isNull()) {
            return null;
        }
        if (!(requested instanceof ObjectNode)) {
            throw ArmErrors.invalidProperty("identity", "must be a JSON object");
        }
        String type = RequestBody.requiredText(requested, "type", "identity.type").replace(" ", "");
        boolean system = type.equalsIgnoreCase("SystemAssigned") || type.equalsIgnoreCase("SystemAssigned,UserAssigned");
        boolean user = type.equalsIgnoreCase("UserAssigned") || type.equalsIgnoreCase("SystemAssigned,UserAssigned");
        if (type.equalsIgnoreCase("None")) {
            return null;
        }
        if (!system && !user) {
            throw new EmuException(400, "InvalidIdentityType", "The identity type '" + type
                    + "' is not supported. Supported types are 'None', 'SystemAssigned', 'UserAssigned' and "
                    + "'SystemAssigned, UserAssigned'.");
        }
        ObjectNode resolved = EmuRequest.JSON.createObjectNode();
        resolved.put("type", system && user ? "SystemAssigned, UserAssigned" : system ? "SystemAssigned" : "UserAssigned");
        if (system) {
            String principal = previous != null && previous.hasNonNull("principalId")
                    ? previous.get("principalId").asText() : UUID.randomUUID().toString();
            resolved.put("principalId", principal).put("tenantId", tenantId);
        }
        if (user) {
            resolved.set("userAssignedIdentities", userAssigned(requested));
        }
        return resolved;
    }

    private ObjectNode userAssigned(JsonNode requested) {
        ObjectNode entries = RequestBody.object(requested, "userAssignedIdentities", "identity.userAssignedIdentities");
        if (entries == null || entries.isEmpty()) {
            throw new EmuException(400, "BadRequestFormat", "The request format was unexpected: 'identity.userAssignedIdentities'"
                    + " must name at least one identity when the identity type includes 'UserAssigned'.");
        }
        ObjectNode resolved = EmuRequest.JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
            String id = it.next().getKey();
            ObjectNode identity = userAssignedIdentity(id, "identity.userAssignedIdentities");
            resolved.putObject(id).put("principalId", identity.path("properties").path("principalId").asText())
                    .put("clientId", identity.path("properties").path("clientId").asText());
        }
        return resolved;
    }

    /** The stored {@code userAssignedIdentities} resource {@code id} names, or ARM's 400. */
    public ObjectNode userAssignedIdentity(String id, String propertyPath) {
        ResourceId parsed = ResourceId.parse(id, propertyPath);
        if (!parsed.isType(USER_ASSIGNED_TYPE)) {
            throw ArmErrors.linkedInvalidPropertyId(id, propertyPath);
        }
        return state.resource(parsed).orElseThrow(() -> new EmuException(400, "FailedIdentityOperation",
                "Identity operation for resource failed: Resource '" + id + "' was not found."));
    }

    /** The object ID of the user-assigned identity {@code id} within a resolved block, if assigned. */
    public static Optional<String> userAssignedPrincipal(ObjectNode identity, String id) {
        if (identity == null || !identity.has("userAssignedIdentities")) {
            return Optional.empty();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = identity.get("userAssignedIdentities").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().toLowerCase(Locale.ROOT).equals(id.toLowerCase(Locale.ROOT))) {
                return Optional.of(entry.getValue().path("principalId").asText());
            }
        }
        return Optional.empty();
    }

    /** The system-assigned object ID within a resolved block, if any. */
    public static Optional<String> systemPrincipal(ObjectNode identity) {
        return identity == null || !identity.hasNonNull("principalId")
                ? Optional.empty() : Optional.of(identity.get("principalId").asText());
    }
}
