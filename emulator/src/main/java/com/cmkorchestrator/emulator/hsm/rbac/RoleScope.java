package com.cmkorchestrator.emulator.hsm.rbac;

import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;
import com.cmkorchestrator.emulator.hsm.http.KeyName;

/**
 * A Managed HSM local RBAC scope: {@code /} (the whole HSM), {@code /keys} (all keys) or
 * {@code /keys/<name>} (all versions of one key). Assignments at a scope apply to every scope below
 * it; key names compare case-insensitively, as Key Vault object names do.
 *
 * @param value the normalized form: leading slash, no trailing slash
 */
public record RoleScope(String value) {
    public static final RoleScope GLOBAL = new RoleScope("/");
    public static final RoleScope KEYS = new RoleScope("/keys");

    public RoleScope {
        if (!value.equals("/") && !value.equals("/keys")
                && !(value.startsWith("/keys/") && KeyName.isValid(value.substring("/keys/".length())))) {
            throw new IllegalArgumentException("not a Managed HSM scope: " + value);
        }
    }

    public static RoleScope key(String keyName) {
        return new RoleScope("/keys/" + keyName);
    }

    /**
     * Parses a scope from a request path or body, tolerating the SDKs' extra slashes.
     *
     * @throws KeyVaultError 400 {@code BadParameter} for anything but {@code /}, {@code /keys}, {@code /keys/<name>}
     */
    public static RoleScope parse(String raw) {
        String trimmed = raw == null ? "" : raw.replaceAll("/{2,}", "/").replaceAll("^/|/$", "");
        String normalized = "/" + trimmed;
        if (normalized.equalsIgnoreCase("/keys")) {
            return KEYS;
        }
        if (normalized.regionMatches(true, 0, "/keys/", 0, 6)) {
            normalized = "/keys/" + normalized.substring(6);
        }
        try {
            return new RoleScope(normalized);
        } catch (IllegalArgumentException e) {
            throw KeyVaultError.badParameter("Invalid scope '" + raw
                    + "'. A Managed HSM scope is '/', '/keys' or '/keys/<key name>'.");
        }
    }

    /** Whether an assignment at this scope applies at {@code target}. */
    public boolean covers(RoleScope target) {
        if (this.equals(GLOBAL) || value.equalsIgnoreCase(target.value)) {
            return true;
        }
        return this.equals(KEYS) && target.value.startsWith("/keys/");
    }

    /** Key scope limits are per key; {@code /} and {@code /keys} share the HSM-wide limit. */
    public boolean isKeyScope() { return value.startsWith("/keys/"); }

    /** The prefix of assignment IDs at this scope: {@code ""} for {@code /}, else the scope. */
    public String idPrefix() { return this.equals(GLOBAL) ? "" : value; }

    public boolean sameAs(RoleScope other) { return value.equalsIgnoreCase(other.value); }

    @Override
    public String toString() { return value; }
}
