package com.cmkorchestrator.emulator.arm;

import com.cmkorchestrator.emulator.transport.EmuException;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * {@code /subscriptions/<sub>/resourcegroups/<name>}: PUT (201/200), GET, HEAD (204/404), PATCH,
 * DELETE (202 + Location; the group's resources go with it, HSMs into soft delete). The router lists them.
 */
final class ResourceGroups {
    private static final String WRITE = "Microsoft.Resources/subscriptions/resourceGroups/write";
    private static final String DELETE = "Microsoft.Resources/subscriptions/resourceGroups/delete";

    private final ArmContext arm;
    private final Map<String, ResourceProvider> providers;

    ResourceGroups(ArmContext arm, Map<String, ResourceProvider> providers) {
        this.arm = arm;
        this.providers = providers;
    }

    EmuResponse handle(ArmCall call, String name) {
        return switch (call.method()) {
            case "GET" -> EmuResponse.json(200, require(name).deepCopy());
            case "HEAD" -> EmuResponse.empty(arm.state().group(name).isPresent() ? 204 : 404);
            case "PUT" -> put(call, name, call.request().jsonObject("InvalidRequestContent"));
            case "PATCH" -> patch(call, name, call.request().jsonObject("InvalidRequestContent"));
            case "DELETE" -> delete(call, name);
            default -> throw ArmErrors.methodNotAllowed(call.method(), call.request().path());
        };
    }

    private ObjectNode require(String name) {
        return arm.state().group(name).orElseThrow(() -> ArmErrors.resourceGroupNotFound(name));
    }

    private EmuResponse put(ArmCall call, String name, ObjectNode body) {
        ResourceGroupDocuments.validateName(name);
        ObjectNode existing = arm.state().group(name).orElse(null);
        String location = RequestBody.text(body, "location", "location");
        if (location == null || location.isBlank()) {
            throw ArmErrors.locationRequired();
        }
        String normalized = Locations.normalize(location);
        if (!Locations.isSupported(normalized)) {
            throw ArmErrors.locationNotAvailable(location, ResourceGroupDocuments.TYPE);
        }
        if (existing != null && !existing.get("location").asText().equals(normalized)) {
            throw new EmuException(409, "InvalidResourceGroupLocation", "Invalid resource group location '" + normalized
                    + "'. The Resource group already exists in location '" + existing.get("location").asText() + "'.");
        }
        String storedName = existing != null ? existing.get("name").asText() : name;
        ObjectNode doc = ResourceGroupDocuments.document(arm.settings().subscriptionId(), storedName, normalized,
                RequestBody.tags(body), RequestBody.text(body, "managedBy", "managedBy"));
        arm.state().putGroup(name, doc);
        arm.events().written(call, doc.get("id").asText(), null, WRITE, call.now());
        return EmuResponse.json(existing == null ? 201 : 200, doc.deepCopy());
    }

    private EmuResponse patch(ArmCall call, String name, ObjectNode body) {
        ObjectNode doc = require(name).deepCopy();
        if (body.has("tags")) {
            doc.set("tags", RequestBody.tags(body));
        }
        String managedBy = RequestBody.text(body, "managedBy", "managedBy");
        if (managedBy != null) {
            doc.put("managedBy", managedBy);
        }
        arm.state().putGroup(name, doc);
        arm.events().written(call, doc.get("id").asText(), null, WRITE, call.now());
        return EmuResponse.json(200, doc.deepCopy());
    }

    private EmuResponse delete(ArmCall call, String name) {
        ObjectNode group = require(name);
        return arm.operations().respond(call, arm.settings().subscriptionId(), "Microsoft.Resources",
                group.get("location").asText(), null, arm.settings().operationDuration().get(), now -> {
                    for (ResourceId id : arm.state().resourcesIn(name)) {
                        ResourceProvider provider = providers.get(id.fullType().toLowerCase());
                        if (provider != null) {
                            provider.removedWithGroup(id);
                        }
                        arm.state().remove(id);
                    }
                    arm.state().removeGroup(name);
                    arm.events().deleted(call, group.get("id").asText(), null, DELETE, now);
                }, () -> EmuResponse.empty(200), operation -> arm.operations().acceptedWithLocation(call, operation, 202, null));
    }
}
