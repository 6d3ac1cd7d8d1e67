package com.cmkorchestrator.core.ports;

import com.cmkorchestrator.core.model.KeyType;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The first version of a new key.
 *
 * @param name          key name
 * @param type          RSA-HSM or EC-HSM
 * @param size          RSA bits, or null
 * @param curve         EC curve, or null
 * @param keyOperations operations the key permits; CMK needs {@code wrapKey} and {@code unwrapKey}
 * @param expiresOn     expiry of this first version (the rotation policy's {@code expiryTime} only applies to
 *                      versions that rotation creates), or null
 * @param tags          tags of the key, set in the same request that creates it (rotation keeps them)
 */
public record KeyCreation(String name, KeyType type, Integer size, String curve, List<String> keyOperations,
                          Instant expiresOn, Map<String, String> tags) {

    public static final List<String> CMK_OPERATIONS = List.of("wrapKey", "unwrapKey");

    public KeyCreation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        keyOperations = List.copyOf(keyOperations);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** A key without tags. */
    public KeyCreation(String name, KeyType type, Integer size, String curve, List<String> keyOperations,
                       Instant expiresOn) {
        this(name, type, size, curve, keyOperations, expiresOn, Map.of());
    }
}
