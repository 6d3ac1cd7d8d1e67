package com.cmkorchestrator.emulator.arm;

import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What ARM says about the subscription and its resource providers. The SDK's generic resources
 * ask {@code GET /subscriptions/<sub>/providers/<namespace>} for a type's default api-version
 * before they read a resource by ID, so each served type is listed with its api-versions.
 */
final class ProviderCatalog {
    private final String subscriptionId;
    private final Map<String, List<ResourceProvider>> byNamespace = new LinkedHashMap<>();

    ProviderCatalog(String subscriptionId, List<ResourceProvider> providers) {
        this.subscriptionId = subscriptionId;
        providers.forEach(p -> byNamespace.computeIfAbsent(p.fullType().split("/")[0], k -> new ArrayList<>()).add(p));
    }

    ObjectNode subscription(String tenantId) {
        ObjectNode body = EmuRequest.JSON.createObjectNode();
        body.put("id", "/subscriptions/" + subscriptionId).put("subscriptionId", subscriptionId)
                .put("tenantId", tenantId).put("displayName", "cmk-orchestrator emulator").put("state", "Enabled");
        body.putObject("subscriptionPolicies").put("locationPlacementId", "Public_2014-09-01")
                .put("quotaId", "Internal_2014-09-01").put("spendingLimit", "Off");
        body.put("authorizationSource", "RoleBased");
        return body;
    }

    List<ObjectNode> all() {
        return byNamespace.keySet().stream().map(ns -> namespace(ns).orElseThrow()).toList();
    }

    Optional<ObjectNode> namespace(String namespace) {
        return byNamespace.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(namespace)).findFirst().map(entry -> {
            ObjectNode body = EmuRequest.JSON.createObjectNode();
            body.put("id", "/subscriptions/" + subscriptionId + "/providers/" + entry.getKey())
                    .put("namespace", entry.getKey()).put("registrationState", "Registered")
                    .put("registrationPolicy", "RegistrationRequired");
            ArrayNode types = body.putArray("resourceTypes");
            for (ResourceProvider provider : entry.getValue()) {
                ObjectNode type = types.addObject().put("resourceType", provider.fullType().split("/")[1]);
                ArrayNode locations = type.putArray("locations");
                Locations.SUPPORTED.stream().filter(l -> !l.equals("global")).forEach(locations::add);
                ArrayNode versions = type.putArray("apiVersions");
                provider.apiVersions().forEach(versions::add);
                type.put("defaultApiVersion", provider.apiVersions().get(0));
                type.put("capabilities", "SystemAssignedResourceIdentity, SupportsTags, SupportsLocation");
            }
            return body;
        });
    }

}
