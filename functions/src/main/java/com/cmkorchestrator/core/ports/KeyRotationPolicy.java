package com.cmkorchestrator.core.ports;

import com.cmkorchestrator.core.model.RotationPolicySpec;

import java.time.Period;
import java.util.Objects;

/**
 * A key's rotation policy as the HSM holds it ({@code GET /keys/{name}/rotationpolicy}). Broader than
 * {@link RotationPolicySpec}: Azure can also rotate a set time before expiry.
 *
 * @param rotateAfterCreate  {@code lifetimeActions[type=Rotate].trigger.timeAfterCreate}, or null
 * @param rotateBeforeExpiry {@code lifetimeActions[type=Rotate].trigger.timeBeforeExpiry}, or null
 * @param notifyBeforeExpiry {@code lifetimeActions[type=Notify].trigger.timeBeforeExpiry}, or null
 * @param expiryTime         {@code attributes.expiryTime}, or null
 */
public record KeyRotationPolicy(Period rotateAfterCreate, Period rotateBeforeExpiry, Period notifyBeforeExpiry,
                                Period expiryTime) {

    public static KeyRotationPolicy from(RotationPolicySpec spec) {
        Objects.requireNonNull(spec, "spec");
        return new KeyRotationPolicy(spec.rotateAfter(), null, spec.notifyBefore(), spec.expireAfter());
    }

    /** True when the HSM's policy is the one the spec describes (no rotate-before-expiry trigger). */
    public boolean matches(RotationPolicySpec spec) {
        return equals(from(spec));
    }

    /** True when the policy rotates keys by itself. */
    public boolean rotatesAutomatically() {
        return rotateAfterCreate != null || rotateBeforeExpiry != null;
    }
}
