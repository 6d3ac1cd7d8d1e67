package com.cmkorchestrator.core.model;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A key in a Managed HSM, optionally one version of it: {@code https://<hsm>.managedhsm.azure.net/keys/<name>[/<version>]}.
 * Key Vault compares hosts and key names case-insensitively; so does {@link #sameKey}.
 *
 * @param hsmUri  the HSM's data-plane URI, normalised to end with '/'
 * @param name    key name
 * @param version version ID, or null for the versionless key
 */
public record KeyRef(URI hsmUri, String name, String version) {

    public KeyRef {
        Objects.requireNonNull(hsmUri, "hsmUri");
        if (!"https".equalsIgnoreCase(hsmUri.getScheme()) || hsmUri.getHost() == null) {
            throw new IllegalArgumentException("'" + hsmUri + "' is not an https HSM URI");
        }
        if (!hsmUri.toString().endsWith("/")) {
            hsmUri = URI.create(hsmUri + "/");
        }
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("key name '" + name + "' is not valid");
        }
        if (version != null && (version.isBlank() || version.contains("/"))) {
            throw new IllegalArgumentException("key version '" + version + "' is not valid");
        }
    }

    /** Parses a key identifier as Key Vault writes it ({@code kid}), with or without version. */
    public static KeyRef parse(String keyId) {
        URI uri = URI.create(Objects.requireNonNull(keyId, "keyId").strip());
        String path = uri.getPath() == null ? "" : uri.getPath();
        String[] parts = path.split("/");
        // "", "keys", name [, version]
        if (parts.length < 3 || parts.length > 4 || !parts[1].equals("keys")) {
            throw new IllegalArgumentException("'" + keyId + "' is not a key identifier https://<hsm>/keys/<name>[/<version>]");
        }
        URI base = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + "/");
        return new KeyRef(base, parts[2], parts.length == 4 ? parts[3] : null);
    }

    public static KeyRef of(URI hsmUri, String name) {
        return new KeyRef(hsmUri, name, null);
    }

    public Optional<String> versionId() {
        return Optional.ofNullable(version);
    }

    public KeyRef withVersion(String newVersion) {
        return new KeyRef(hsmUri, name, Objects.requireNonNull(newVersion, "version"));
    }

    public KeyRef versionless() {
        return new KeyRef(hsmUri, name, null);
    }

    /** Same HSM and key name, whatever the versions. */
    public boolean sameKey(KeyRef other) {
        return other != null
                && hsmUri.getHost().equalsIgnoreCase(other.hsmUri.getHost())
                && hsmUri.getPort() == other.hsmUri.getPort()
                && name.equalsIgnoreCase(other.name);
    }

    /** Same key and same version (both versionless counts as same), as Key Vault compares: ignoring case. */
    public static boolean sameReference(KeyRef actual, KeyRef desired) {
        if (actual == null || !actual.sameKey(desired)) {
            return false;
        }
        if (actual.version() == null || desired.version() == null) {
            return actual.version() == null && desired.version() == null;
        }
        return actual.version().equalsIgnoreCase(desired.version());
    }

    /** {@code https://<hsm>/keys/<name>[/<version>]}. */
    public String url() {
        return hsmUri + "keys/" + name + (version == null ? "" : "/" + version);
    }

    /** The HSM's name as it appears in its host ({@code contoso-hsm} for {@code contoso-hsm.managedhsm.azure.net}). */
    public String hsmName() {
        return hsmUri.getHost().split("\\.")[0].toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return url();
    }
}
