package com.cmkorchestrator.emulator.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What ARM holds: resource groups and the resources in them, as the JSON documents ARM returns
 * (plus fields the emulator keeps for itself under {@link #INTERNAL}). Case-insensitive by key, as
 * ARM is. Every change to it happens while holding its monitor ({@code synchronized (state)}), so a
 * request that fails half-way has changed nothing: handlers validate first and write last.
 */
public final class ArmState {
    /** A top-level field on stored documents that the emulator strips before answering. */
    public static final String INTERNAL = "__emulator";

    private final Map<String, ObjectNode> groups = new LinkedHashMap<>();
    private final Map<String, ObjectNode> resources = new LinkedHashMap<>();

    public synchronized Optional<ObjectNode> group(String name) {
        return Optional.ofNullable(groups.get(name.toLowerCase(Locale.ROOT)));
    }

    public synchronized void putGroup(String name, ObjectNode document) {
        groups.put(name.toLowerCase(Locale.ROOT), document);
    }

    public synchronized void removeGroup(String name) {
        groups.remove(name.toLowerCase(Locale.ROOT));
    }

    public synchronized List<ObjectNode> groups() {
        return new ArrayList<>(groups.values());
    }

    public synchronized Optional<ObjectNode> resource(ResourceId id) {
        return Optional.ofNullable(resources.get(id.key()));
    }

    public synchronized void put(ResourceId id, ObjectNode document) {
        resources.put(id.key(), document);
    }

    public synchronized void remove(ResourceId id) {
        resources.remove(id.key());
    }

    /** Resources of one type ({@code Namespace/type}), in one group or (null) the whole subscription. */
    public synchronized List<ObjectNode> resources(String fullType, String resourceGroupOrNull) {
        String typePart = "/providers/" + fullType.toLowerCase(Locale.ROOT) + "/";
        String groupPart = resourceGroupOrNull == null ? null
                : "/resourcegroups/" + resourceGroupOrNull.toLowerCase(Locale.ROOT) + "/";
        List<ObjectNode> out = new ArrayList<>();
        resources.forEach((key, doc) -> {
            if (key.contains(typePart) && (groupPart == null || key.contains(groupPart))) {
                out.add(doc);
            }
        });
        return out;
    }

    /** Every resource in a group (for listing and for deleting the group). */
    public synchronized List<ResourceId> resourcesIn(String resourceGroup) {
        String groupPart = "/resourcegroups/" + resourceGroup.toLowerCase(Locale.ROOT) + "/";
        List<ResourceId> out = new ArrayList<>();
        resources.forEach((key, doc) -> {
            if (key.contains(groupPart)) {
                out.add(ResourceId.parse(doc.path("id").asText(), "id"));
            }
        });
        return out;
    }

    public synchronized List<ObjectNode> allResources() {
        return new ArrayList<>(resources.values());
    }
}
