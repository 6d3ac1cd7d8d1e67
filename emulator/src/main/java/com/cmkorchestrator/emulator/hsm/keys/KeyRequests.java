package com.cmkorchestrator.emulator.hsm.keys;

import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bodies of key create and update requests ({@code KeyCreateParameters},
 * {@code KeyUpdateParameters}), read and validated before anything changes.
 */
public final class KeyRequests {
    static final Set<String> OPERATIONS = Set.of("encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey",
            "import", "export");
    static final List<String> RSA_DEFAULT_OPS = List.of("encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey");
    static final List<String> EC_DEFAULT_OPS = List.of("sign", "verify");

    private KeyRequests() {
    }

    /** A validated create request. {@code notBefore}/{@code expires} may be null. */
    public record Creation(KeySpec spec, List<String> keyOps, boolean enabled, Instant notBefore, Instant expires,
                           Map<String, String> tags) {
    }

    /** A validated update: null fields stay as they are. */
    public record Update(List<String> keyOps, Boolean enabled, Instant notBefore, Instant expires,
                         Map<String, String> tags) {
    }

    public static Creation creation(JsonNode body) {
        Integer keySize = null;
        JsonNode size = body.get("key_size");
        if (size != null && !size.isNull()) {
            if (!size.isIntegralNumber()) {
                throw KeyVaultError.badParameter("key_size must be an integer, got " + size + ".");
            }
            keySize = size.asInt();
        }
        KeySpec spec = KeySpec.parse(text(body, "kty"), keySize, text(body, "crv"));
        // The Java SDK sends 0 when no exponent was chosen; Key Vault's default is 65537.
        JsonNode exponent = body.get("public_exponent");
        if (exponent != null && !exponent.isNull() && exponent.asLong() != 0 && exponent.asLong() != 65537) {
            throw KeyVaultError.badParameter("public_exponent " + exponent
                    + " is not supported by the emulator; only 65537 is.");
        }
        List<String> ops = keyOps(body.get("key_ops"));
        JsonNode attributes = attributes(body);
        Boolean enabled = bool(attributes, "enabled");
        return new Creation(spec, ops != null ? ops : spec.isRsa() ? RSA_DEFAULT_OPS : EC_DEFAULT_OPS,
                enabled == null || enabled, epoch(attributes, "nbf"), epoch(attributes, "exp"), tags(body.get("tags")));
    }

    public static Update update(JsonNode body) {
        JsonNode attributes = attributes(body);
        JsonNode tags = body.get("tags");
        return new Update(keyOps(body.get("key_ops")), bool(attributes, "enabled"), epoch(attributes, "nbf"),
                epoch(attributes, "exp"), tags == null || tags.isNull() ? null : tags(tags));
    }

    private static JsonNode attributes(JsonNode body) {
        JsonNode attributes = body.get("attributes");
        if (attributes == null || attributes.isNull()) {
            return EmuRequest.JSON.createObjectNode();
        }
        if (!attributes.isObject()) {
            throw KeyVaultError.badParameter("attributes must be an object.");
        }
        JsonNode exportable = attributes.get("exportable");
        if (exportable != null && exportable.asBoolean(false)) {
            throw KeyVaultError.badParameter("attributes.exportable=true needs a release_policy, which the"
                    + " emulator does not support.");
        }
        return attributes;
    }

    private static List<String> keyOps(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw KeyVaultError.badParameter("key_ops must be an array of operations.");
        }
        List<String> ops = new ArrayList<>();
        for (JsonNode op : node) {
            if (!op.isTextual() || !OPERATIONS.contains(op.asText())) {
                throw KeyVaultError.badParameter("Invalid key operation " + op + " in key_ops. Valid values are "
                        + String.join(", ", OPERATIONS.stream().sorted().toList()) + ".");
            }
            if (!ops.contains(op.asText())) {
                ops.add(op.asText());
            }
        }
        return ops;
    }

    private static Map<String, String> tags(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw KeyVaultError.badParameter("tags must be an object of string values.");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isTextual()) {
                throw KeyVaultError.badParameter("tags." + entry.getKey() + " must be a string.");
            }
            tags.put(entry.getKey(), entry.getValue().asText());
        });
        return tags;
    }

    private static Boolean bool(JsonNode attributes, String field) {
        JsonNode value = attributes.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw KeyVaultError.badParameter("attributes." + field + " must be true or false, got " + value + ".");
        }
        return value.asBoolean();
    }

    private static Instant epoch(JsonNode attributes, String field) {
        JsonNode value = attributes.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw KeyVaultError.badParameter("attributes." + field + " must be seconds since the epoch, got "
                    + value + ".");
        }
        return Instant.ofEpochSecond(value.asLong());
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
