package com.cmkorchestrator.emulator.hsm;

import java.time.Duration;

/**
 * How the emulated Managed HSM fleet behaves. Kept apart from the emulator's own options so that
 * HSM settings can grow without touching them; the emulator derives these from its options.
 *
 * @param host the loopback address every HSM endpoint listens on
 * @param roleAssignmentPropagation emulated time before a new local RBAC assignment takes effect
 * @param activationDuration emulated time between a security domain download and {@code Active}
 * @param schedulerPeriod real time between background runs of due work (auto-rotation, scheduled purge);
 *                        advancing the {@link com.cmkorchestrator.emulator.time.EmulatorClock} runs it at once too
 * @param rsaPoolSize pre-generated RSA key pairs kept per key size, so that rotations do not wait for
 *                    prime generation (0 disables the pool)
 */
public record HsmOptions(String host, Duration roleAssignmentPropagation, Duration activationDuration,
                         Duration schedulerPeriod, int rsaPoolSize) {

    public HsmOptions {
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
            throw new IllegalArgumentException("HSM endpoints only listen on loopback, not on " + host);
        }
        if (roleAssignmentPropagation.isNegative() || activationDuration.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (schedulerPeriod.isNegative() || schedulerPeriod.isZero()) {
            throw new IllegalArgumentException("schedulerPeriod must be positive: " + schedulerPeriod);
        }
        if (rsaPoolSize < 0 || rsaPoolSize > 16) {
            throw new IllegalArgumentException("rsaPoolSize must be 0..16: " + rsaPoolSize);
        }
    }

    /** Activation at once, background work every real second, one spare RSA key pair per size. */
    public static HsmOptions on(String host, Duration roleAssignmentPropagation) {
        return new HsmOptions(host, roleAssignmentPropagation, Duration.ZERO, Duration.ofSeconds(1), 1);
    }

    public HsmOptions withRoleAssignmentPropagation(Duration delay) {
        return new HsmOptions(host, delay, activationDuration, schedulerPeriod, rsaPoolSize);
    }

    public HsmOptions withActivationDuration(Duration duration) {
        return new HsmOptions(host, roleAssignmentPropagation, duration, schedulerPeriod, rsaPoolSize);
    }
}
