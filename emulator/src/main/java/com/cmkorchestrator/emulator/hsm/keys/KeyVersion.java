package com.cmkorchestrator.emulator.hsm.keys;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One version of a key: immutable; an update replaces it with a changed copy.
 *
 * @param version 32 lower-case hex digits, as Managed HSM names versions
 * @param keyOps the permitted operations ({@code key_ops})
 * @param tags per-version tags, as Key Vault keeps them
 */
public record KeyVersion(String version, KeyMaterial material, KeyAttributes attributes, List<String> keyOps,
                         Map<String, String> tags) {
    private static final Pattern VERSION = Pattern.compile("^[0-9a-f]{32}$");

    public KeyVersion {
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("a key version is 32 lower-case hex digits: " + version);
        }
        Objects.requireNonNull(material, "material");
        Objects.requireNonNull(attributes, "attributes");
        keyOps = List.copyOf(keyOps);
        tags = Map.copyOf(tags);
    }

    public KeyVersion withAttributes(KeyAttributes changed) {
        return new KeyVersion(version, material, changed, keyOps, tags);
    }

    public KeyVersion withKeyOps(List<String> changed) {
        return new KeyVersion(version, material, attributes, changed, tags);
    }

    public KeyVersion withTags(Map<String, String> changed) {
        return new KeyVersion(version, material, attributes, keyOps, changed);
    }

    public boolean permits(String operation) { return keyOps.contains(operation); }
}
