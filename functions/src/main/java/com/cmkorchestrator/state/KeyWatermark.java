package com.cmkorchestrator.state;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * What the HSM event bridge last saw of one key: its versions, oldest first, so that the next poll
 * can tell which versions are new.
 *
 * @param hsm Managed HSM name
 * @param key key name
 * @param seenVersions versions seen so far, oldest first, without duplicates
 * @param updatedAt when the store last wrote this watermark (or when it was made, before its first save)
 * @param etag the store's version tag; {@code null} for a watermark never saved
 */
public record KeyWatermark(String hsm, String key, List<String> seenVersions, Instant updatedAt, String etag) {

    public KeyWatermark {
        StateLimits.requireKeyVaultName("HSM name", hsm);
        StateLimits.requireKeyVaultName("key name", key);
        seenVersions.forEach(version -> StateLimits.requireKeyVaultName("key version", version));
        seenVersions = List.copyOf(new LinkedHashSet<>(seenVersions));
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (etag != null && etag.isBlank()) {
            throw new IllegalArgumentException("etag must be null (never saved) or a store's tag");
        }
    }

    /** A watermark for a key the bridge has not seen before; save it to create it. */
    public static KeyWatermark first(String hsm, String key, List<String> versions, Instant now) {
        return new KeyWatermark(hsm, key, versions, now, null);
    }

    /** This watermark having seen {@code versions} (merged after the ones seen before). */
    public KeyWatermark seeing(List<String> versions) {
        LinkedHashSet<String> merged = new LinkedHashSet<>(seenVersions);
        merged.addAll(versions);
        return new KeyWatermark(hsm, key, List.copyOf(merged), updatedAt, etag);
    }

    public boolean hasSeen(String version) {
        return seenVersions.contains(version);
    }
}
