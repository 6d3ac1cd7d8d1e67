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
        Faults faults = new Faults();
        if (rotateAfter == null && expireAfter == null && notifyBefore == null) {
            throw new BindingValidationException("", "needs at least one of rotateAfter, expireAfter, notifyBefore");
        }
        boolean rotateValid = atLeast28Days(rotateAfter, "rotateAfter", "a key cannot rotate more often than every 28 days",
                faults);
        boolean expireValid = atLeast28Days(expireAfter, "expireAfter", "the expiry time must be at least 28 days", faults);
        if (notifyBefore != null
                && faults.check(Periods.isPositive(notifyBefore), "notifyBefore",
                "must be a positive ISO-8601 period such as P30D")
                && faults.check(expireAfter != null, "notifyBefore", "a notification before expiry needs expireAfter")
                && expireValid) {
            faults.check(Periods.typicalDays(notifyBefore) < Periods.typicalDays(expireAfter), "notifyBefore",
                    "must be shorter than expireAfter");
        }
        if (rotateAfter != null && expireAfter != null && rotateValid && expireValid) {
            faults.check(Periods.typicalDays(rotateAfter) < Periods.typicalDays(expireAfter), "rotateAfter",
                    "must be shorter than expireAfter, or every version expires before it is replaced");
        }
        faults.throwIfAny();
    }

    /** Checks one period; returns whether it is valid (absent counts as valid), recording what is wrong. */
    private static boolean atLeast28Days(Period period, String field, String why, Faults faults) {
        if (period == null) {
            return true;
        }
        return faults.check(Periods.isPositive(period), field, "must be a positive ISO-8601 period such as P90D")
                && faults.check(Periods.minimumDays(period) >= MINIMUM_DAYS, field, why + " (P28D or more), not " + period)
                && faults.check(Periods.typicalDays(period) <= MAXIMUM_YEARS * 365.25, field,
                "must be at most P" + MAXIMUM_YEARS + "Y, not " + period);
    }
}
