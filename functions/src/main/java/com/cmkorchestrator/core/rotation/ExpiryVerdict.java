package com.cmkorchestrator.core.rotation;

import java.time.Instant;

/**
 * Where a key's current version stands against its expiry.
 *
 * @param state      what to do
 * @param expiresOn  the current version's expiry, or null
 * @param rotationAt when the HSM's policy will rotate, or null when it will not
 * @param message    for the status
 */
public record ExpiryVerdict(State state, Instant expiresOn, Instant rotationAt, String message) {

    public enum State {
        /** Not near expiry (or never expires). */
        FINE,
        /** Near expiry, and the HSM's policy rotates early enough for every service to pick the new version up: report. */
        NEAR_EXPIRY_POLICY_ROTATES,
        /** Near expiry, and nothing will rotate in time: rotate now and rebind. */
        ROTATE_NOW,
        /** Expired: services are losing access; rotate and rebind at once, and mark critical. */
        EXPIRED
    }

    public boolean needsRotation() {
        return state == State.ROTATE_NOW || state == State.EXPIRED;
    }
}
