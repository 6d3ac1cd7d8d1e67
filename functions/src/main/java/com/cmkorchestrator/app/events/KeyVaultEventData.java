package com.cmkorchestrator.app.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code data} of Key Vault's key events ({@code Microsoft.KeyVault.KeyNewVersionCreated}, {@code KeyNearExpiry},
 * {@code KeyExpired}) in Key Vault's own schema, which the HSM event bridge also publishes so that one handler serves
 * both sources (azure-facts 6).
 *
 * @param id         the key identifier, {@code https://<vault>/keys/<name>/<version>}
 * @param vaultName  the vault's (for the bridge: the Managed HSM's) name
 * @param objectType {@code Key}
 * @param objectName the key's name
 * @param version    the key version
 * @param nbf        not-before, epoch seconds, or null
 * @param exp        expiry, epoch seconds, or null
 */
public record KeyVaultEventData(String id, String vaultName, String objectType, String objectName, String version,
                                Long nbf, Long exp) {

    public static final String KEY_OBJECT_TYPE = "Key";

    /** The wire form with Key Vault's field names ({@code Id}, {@code VaultName}, ..., {@code NBF}, {@code EXP}). */
    public Map<String, Object> toWire() {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("Id", id);
        wire.put("VaultName", vaultName);
        wire.put("ObjectType", objectType);
        wire.put("ObjectName", objectName);
        wire.put("Version", version);
        wire.put("NBF", nbf);
        wire.put("EXP", exp);
        return wire;
    }

    /**
     * Reads the data leniently: field names are matched ignoring case and surrounding spaces, and values are
     * trimmed, because Microsoft's own sample carries {@code "ObjectName "} and a version with a trailing space.
     *
     * @throws MalformedEventException when NBF or EXP is present but not a number of seconds
     */
    public static KeyVaultEventData read(JsonNode data) {
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
