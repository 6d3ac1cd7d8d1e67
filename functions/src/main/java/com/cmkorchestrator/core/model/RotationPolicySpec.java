package com.cmkorchestrator.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Period;

/**
 * The desired rotation policy of a key, as Managed HSM accepts it (azure-facts 5).
 *
 * @param rotateAfter  {@code lifetimeActions[rotate].trigger.timeAfterCreate}: at least {@code P28D}, at most {@code P100Y}
 * @param expireAfter  {@code attributes.expiryTime}: each new version expires this long after creation; at least
 *                     {@code P28D}, at most {@code P100Y}
 * @param notifyBefore {@code lifetimeActions[notify].trigger.timeBeforeExpiry}: needs {@code expireAfter}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RotationPolicySpec(Period rotateAfter, Period expireAfter, Period notifyBefore) {

    /** Managed HSM refuses to rotate more often than every 28 days, and expiry times shorter than 28 days. */
    public static final long MINIMUM_DAYS = 28;
    /**
     * No key lives a century; a longer period is a typo. The bound also keeps "now plus the period" computable: a
     * period near Java's year limit was accepted and then made every pass, sweep and key event of the binding throw.
     */
    public static final long MAXIMUM_YEARS = 100;

    public RotationPolicySpec {
        if (rotateAfter == null && expireAfter == null && notifyBefore == null) {
            throw new BindingValidationException("", "needs at least one of rotateAfter, expireAfter, notifyBefore");
        }
        requireAtLeast28Days(rotateAfter, "rotateAfter", "a key cannot rotate more often than every 28 days");
        requireAtLeast28Days(expireAfter, "expireAfter", "the expiry time must be at least 28 days");
        if (notifyBefore != null) {
            if (!Periods.isPositive(notifyBefore)) {
                throw new BindingValidationException("notifyBefore", "must be a positive ISO-8601 period such as P30D");
            }
            if (expireAfter == null) {
                throw new BindingValidationException("notifyBefore", "a notification before expiry needs expireAfter");
            }
            if (Periods.typicalDays(notifyBefore) >= Periods.typicalDays(expireAfter)) {
                throw new BindingValidationException("notifyBefore", "must be shorter than expireAfter");
            }
        }
        if (rotateAfter != null && expireAfter != null
                && Periods.typicalDays(rotateAfter) >= Periods.typicalDays(expireAfter)) {
            throw new BindingValidationException("rotateAfter",
                    "must be shorter than expireAfter, or every version expires before it is replaced");
        }
    }

    private static void requireAtLeast28Days(Period period, String field, String why) {
        if (period == null) {
            return;
        }
        if (!Periods.isPositive(period)) {
            throw new BindingValidationException(field, "must be a positive ISO-8601 period such as P90D");
        }
        if (Periods.minimumDays(period) < MINIMUM_DAYS) {
            throw new BindingValidationException(field, why + " (P28D or more), not " + period);
        }
        if (Periods.typicalDays(period) > MAXIMUM_YEARS * 365.25) {
            throw new BindingValidationException(field, "must be at most P" + MAXIMUM_YEARS + "Y, not " + period);
        }
    }
}
