package com.cmkorchestrator.core.sweep;

import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.ports.KeyState;

import java.net.URI;
import java.util.Objects;

/**
 * One key as the health sweep read it, once for every binding that uses it.
 *
 * @param hsmUri            the HSM's data-plane URI, or null when the HSM could not be read or is not active
 * @param state             the key and its versions, or null when it could not be read
 * @param expiryNeedsAction true when the current version expired, or nears expiry with no rotation due in time: a
 *                          binding's pass then rotates (or reports) it
 * @param unreadable        why the key could not be read, or null
 */
public record SweptKey(URI hsmUri, KeyState state, boolean expiryNeedsAction, String unreadable) {

    public SweptKey {
        if ((state == null) == (unreadable == null)) {
            throw new IllegalArgumentException("a swept key is either read (with its state) or unreadable (with why)");
        }
        if (state != null) {
            Objects.requireNonNull(hsmUri, "hsmUri");
        }
    }

    public static SweptKey read(URI hsmUri, KeyState state, boolean expiryNeedsAction) {
        return new SweptKey(hsmUri, state, expiryNeedsAction, null);
    }

    public static SweptKey unreadable(String why) {
        return new SweptKey(null, null, false, why);
    }

    /** The versionless reference to this key, as a resource that follows new versions writes it. */
    public KeyRef ref() {
        return KeyRef.of(hsmUri, state.name());
    }
}
