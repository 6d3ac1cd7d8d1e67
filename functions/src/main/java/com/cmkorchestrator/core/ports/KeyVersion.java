package com.cmkorchestrator.core.ports;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a key, from its properties ({@code attributes} of the key bundle).
 *
 * @param version   version ID (last segment of {@code kid})
 * @param enabled   {@code attributes.enabled}
 * @param createdOn {@code attributes.created}
 * @param expiresOn {@code attributes.exp}, or null when it never expires
 * @param notBefore {@code attributes.nbf}, or null
 */
public record KeyVersion(String version, boolean enabled, Instant createdOn, Instant expiresOn, Instant notBefore) {

    public KeyVersion {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(createdOn, "createdOn");
    }

    public boolean isExpiredAt(Instant now) {
        return expiresOn != null && !now.isBefore(expiresOn);
    }

    /** Usable by a service at {@code now}: enabled, not expired, not before its start. */
    public boolean isUsableAt(Instant now) {
        return enabled && !isExpiredAt(now) && (notBefore == null || !now.isBefore(notBefore));
    }
}
