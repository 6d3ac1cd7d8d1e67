package com.cmkorchestrator.emulator.hsm.keys;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A key version's attributes. Times are whole seconds, as the wire carries them (epoch seconds).
 *
 * @param notBefore {@code nbf}, or null
 * @param expires {@code exp}, or null
 */
public record KeyAttributes(boolean enabled, Instant notBefore, Instant expires, Instant created, Instant updated) {

    public KeyAttributes {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
        notBefore = seconds(notBefore);
        expires = seconds(expires);
        created = seconds(created);
        updated = seconds(updated);
    }

    public static KeyAttributes createdAt(Instant at, boolean enabled, Instant notBefore, Instant expires) {
        return new KeyAttributes(enabled, notBefore, expires, at, at);
    }

    /** Enabled, and inside its {@code nbf}..{@code exp} window at {@code now}. */
    public boolean usableAt(Instant now) {
        return enabled && !isNotYetValidAt(now) && !isExpiredAt(now);
    }

    public boolean isExpiredAt(Instant now) { return expires != null && !now.isBefore(expires); }

    public boolean isNotYetValidAt(Instant now) { return notBefore != null && now.isBefore(notBefore); }

    private static Instant seconds(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS);
    }
}
