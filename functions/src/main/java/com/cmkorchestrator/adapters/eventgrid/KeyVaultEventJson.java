package com.cmkorchestrator.adapters.eventgrid;

import com.cmkorchestrator.app.events.KeyVaultEventData;
import com.cmkorchestrator.app.events.MalformedEventException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The JSON of Key Vault's key event {@code data}, with Key Vault's field names, both ways. */
final class KeyVaultEventJson {

    private KeyVaultEventJson() {
    }

    /** The wire form with Key Vault's field names ({@code Id}, {@code VaultName}, ..., {@code NBF}, {@code EXP}). */
    static Map<String, Object> write(KeyVaultEventData data) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("Id", data.id());
        wire.put("VaultName", data.vaultName());
        wire.put("ObjectType", data.objectType());
        wire.put("ObjectName", data.objectName());
        wire.put("Version", data.version());
        wire.put("NBF", data.nbf());
        wire.put("EXP", data.exp());
        return wire;
    }

    /**
     * Reads the data leniently: field names are matched ignoring case and surrounding spaces, and values are
     * trimmed, because Microsoft's own sample carries {@code "ObjectName "} and a version with a trailing space.
     *
     * @throws MalformedEventException when NBF or EXP is present but not a number of seconds
     */
    static KeyVaultEventData read(JsonNode data) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        data.fields().forEachRemaining(field -> fields.put(field.getKey().strip().toLowerCase(Locale.ROOT), field.getValue()));
        return new KeyVaultEventData(text(fields, "id"), text(fields, "vaultname"), text(fields, "objecttype"),
                text(fields, "objectname"), text(fields, "version"), seconds(fields, "nbf"), seconds(fields, "exp"));
    }

    private static String text(Map<String, JsonNode> fields, String name) {
        return Optional.ofNullable(fields.get(name)).filter(JsonNode::isValueNode).filter(node -> !node.isNull())
                .map(JsonNode::asText).map(String::strip).filter(value -> !value.isEmpty()).orElse(null);
    }

    private static Long seconds(Map<String, JsonNode> fields, String name) {
        JsonNode node = fields.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        String text = node.asText().strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new MalformedEventException("data." + name.toUpperCase(Locale.ROOT)
                    + " must be a time in epoch seconds, not '" + text + "'");
        }
    }
}
