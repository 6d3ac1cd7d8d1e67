package com.cmkorchestrator.emulator.arm;

import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * Typed reads from a request body that answer a wrong type or a missing property with ARM's 400,
 * naming the property path, instead of letting a {@code ClassCastException} become a 500.
 */
public final class RequestBody {
    private RequestBody() {
    }

    /** An optional string property; absent or JSON null gives null. */
    public static String text(JsonNode parent, String field, String path) {
        JsonNode value = parent == null ? null : parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ArmErrors.invalidProperty(path, "must be a string");
        }
        return value.asText();
    }

    public static String requiredText(JsonNode parent, String field, String path) {
        String value = text(parent, field, path);
        if (value == null || value.isBlank()) {
            throw ArmErrors.invalidProperty(path, "is required");
        }
        return value;
    }

    /** An optional boolean property; absent or JSON null gives null. */
    public static Boolean bool(JsonNode parent, String field, String path) {
        JsonNode value = parent == null ? null : parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw ArmErrors.invalidProperty(path, "must be true or false");
        }
        return value.asBoolean();
    }

    /** An optional integer property. */
    public static Integer integer(JsonNode parent, String field, String path) {
        JsonNode value = parent == null ? null : parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw ArmErrors.invalidProperty(path, "must be an integer");
        }
        return value.asInt();
    }

    /** An optional object property; absent or JSON null gives null. */
    public static ObjectNode object(JsonNode parent, String field, String path) {
        JsonNode value = parent == null ? null : parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!(value instanceof ObjectNode object)) {
            throw ArmErrors.invalidProperty(path, "must be a JSON object");
        }
        return object;
    }

    /** {@code tags}: an object of string values (ARM's limit of 50 tags included); absent gives an empty object. */
    public static ObjectNode tags(JsonNode body) {
        ObjectNode tags = object(body, "tags", "tags");
        ObjectNode copy = EmuRequest.JSON.createObjectNode();
        if (tags == null) {
            return copy;
        }
        if (tags.size() > 50) {
            throw new com.cmkorchestrator.emulator.transport.EmuException(400, "InvalidTagCount",
                    "The number of tags (" + tags.size() + ") exceeds the maximum of 50.");
        }
        for (Map.Entry<String, JsonNode> tag : (Iterable<Map.Entry<String, JsonNode>>) tags::fields) {
            if (!tag.getValue().isTextual()) {
                throw ArmErrors.invalidProperty("tags." + tag.getKey(), "must be a string");
            }
            copy.put(tag.getKey(), tag.getValue().asText());
        }
        return copy;
    }

    /**
     * {@code location}: required, a known region; normalized as ARM returns it. A resource that
     * exists keeps its region: another one is refused.
     */
    public static String location(JsonNode body, String fullType, ObjectNode existing, ResourceId id) {
        String location = text(body, "location", "location");
        if (location == null || location.isBlank()) {
            throw ArmErrors.locationRequired();
        }
        String normalized = Locations.normalize(location);
        if (!Locations.isSupported(normalized)) {
            throw ArmErrors.locationNotAvailable(location, fullType);
        }
        if (existing != null && !existing.path("location").asText().equals(normalized)) {
            throw ArmErrors.invalidResourceLocation(id.name(), existing.path("location").asText(), normalized,
                    id.resourceGroup());
        }
        return normalized;
    }
}
