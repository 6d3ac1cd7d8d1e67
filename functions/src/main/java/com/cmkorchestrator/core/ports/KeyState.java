package com.cmkorchestrator.core.ports;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A key and its versions, from the HSM data plane.
 *
 * @param name     key name
 * @param kty      Azure's {@code kty} ({@code RSA-HSM}, {@code EC-HSM}, ...)
 * @param size     RSA modulus bits, or null for EC
 * @param curve    EC curve, or null for RSA
 * @param versions every version (enabled or not), in any order
 * @param currentVersion the version a versionless GET returned, or null when unknown: the HSM's own answer to
 *                       "which is current", needed because versions carry creation times in whole seconds, so two
 *                       made within one second (a rotation right after a create) cannot be told apart by time
 * @param tags     the current version's tags ({@code managed-by=cmk-orchestrator} on keys the app created)
 */
public record KeyState(String name, String kty, Integer size, String curve, List<KeyVersion> versions,
                       String currentVersion, Map<String, String> tags) {

    /** The tag the app puts on every key it creates (docs/concurrency.md section 1). */
    public static final String MANAGED_BY = "managed-by";
    public static final String MANAGED_BY_APP = "cmk-orchestrator";

    /** Managed HSM's limit of versions per key, rotations included (azure-facts 5). */
    public static final int VERSION_CAP = 100;

    public KeyState {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kty, "kty");
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("a key has at least one version");
        }
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** A key without tags. */
    public KeyState(String name, String kty, Integer size, String curve, List<KeyVersion> versions,
                    String currentVersion) {
        this(name, kty, size, curve, versions, currentVersion, Map.of());
    }

    /** A key without tags whose current version is the most recently created one. */
    public KeyState(String name, String kty, Integer size, String curve, List<KeyVersion> versions) {
        this(name, kty, size, curve, versions, null);
    }

    /** Whether the key carries the app's mark, {@code managed-by=cmk-orchestrator}. */
    public boolean carriesTheAppsMark() {
        return MANAGED_BY_APP.equals(tags.get(MANAGED_BY));
    }

    /**
     * The current version, which a versionless reference resolves to: the one the HSM named, else the most recently
     * created.
     */
    public KeyVersion latest() {
        return Optional.ofNullable(currentVersion).flatMap(this::version)
                .orElseGet(() -> versions.stream().max(Comparator.comparing(KeyVersion::createdOn)).orElseThrow());
    }

    public Optional<KeyVersion> version(String id) {
        return versions.stream().filter(v -> v.version().equalsIgnoreCase(id)).findFirst();
    }

    public boolean atVersionCap() {
        return versions.size() >= VERSION_CAP;
    }
}
