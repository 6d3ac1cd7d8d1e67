package com.cmkorchestrator.core.rotation;

import com.cmkorchestrator.core.model.Periods;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import com.cmkorchestrator.core.ports.KeyVersion;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.Optional;

/**
 * Decides, for a key's current version, whether expiry needs action. A policy counts as rotating "in time" only if
 * its next rotation leaves the services' pickup window (24 h for Storage) before the version expires, and has not
 * been missed: a rotation Azure should already have made is not trusted to happen.
 */
public final class ExpiryAssessment {

    private final Duration pickupMargin;

    /** @param pickupMargin how long before expiry a new version must exist for every service to move to it */
    public ExpiryAssessment(Duration pickupMargin) {
        this.pickupMargin = pickupMargin;
    }

    /** With the longest pickup window of any service (Storage's 24 h). */
    public static ExpiryAssessment standard() {
        return new ExpiryAssessment(Duration.ofHours(24));
    }

    /**
     * @param current    the key's latest version
     * @param policy     the HSM's rotation policy of the key, if any
     * @param nearExpiry how long before expiry counts as near (the policy's notify time, else 30 days)
     */
    public ExpiryVerdict assess(KeyVersion current, Optional<KeyRotationPolicy> policy, Period nearExpiry, Instant now) {
        Instant expiresOn = current.expiresOn();
        if (expiresOn == null) {
            return new ExpiryVerdict(ExpiryVerdict.State.FINE, null, null, "the current version never expires");
        }
        if (!now.isBefore(expiresOn)) {
            return new ExpiryVerdict(ExpiryVerdict.State.EXPIRED, expiresOn, null,
                    "version " + current.version() + " expired at " + expiresOn);
        }
        Instant nearFrom = Periods.before(expiresOn, nearExpiry);
        Instant rotationAt = policy.flatMap(p -> nextRotation(current, p)).orElse(null);
        if (now.isBefore(nearFrom)) {
            return new ExpiryVerdict(ExpiryVerdict.State.FINE, expiresOn, rotationAt,
                    "version " + current.version() + " expires at " + expiresOn);
        }
        boolean inTime = rotationAt != null
                && !rotationAt.plus(pickupMargin).isAfter(expiresOn)
                && !now.isAfter(rotationAt.plus(pickupMargin));
        if (inTime) {
            return new ExpiryVerdict(ExpiryVerdict.State.NEAR_EXPIRY_POLICY_ROTATES, expiresOn, rotationAt,
                    "version " + current.version() + " expires at " + expiresOn + "; the rotation policy rotates at "
                            + rotationAt);
        }
        return new ExpiryVerdict(ExpiryVerdict.State.ROTATE_NOW, expiresOn, rotationAt,
                "version " + current.version() + " expires at " + expiresOn + " and no rotation is due in time"
                        + (rotationAt == null ? "" : " (policy rotation at " + rotationAt + ")"));
    }

    private static Optional<Instant> nextRotation(KeyVersion current, KeyRotationPolicy policy) {
        if (policy.rotateAfterCreate() != null) {
            return Optional.of(Periods.after(current.createdOn(), policy.rotateAfterCreate()));
        }
        if (policy.rotateBeforeExpiry() != null && current.expiresOn() != null) {
            return Optional.of(Periods.before(current.expiresOn(), policy.rotateBeforeExpiry()));
        }
        return Optional.empty();
    }
}
