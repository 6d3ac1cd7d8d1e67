package com.cmkorchestrator.core.model;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;

/**
 * Arithmetic on the ISO-8601 periods of rotation policies ({@code P90D}, {@code P18M}, {@code P2Y}),
 * whose months and years have no fixed length.
 */
public final class Periods {

    private Periods() {
    }

    /** The fewest days the period can span (months of 28 days, years of 365): used for Azure's 28-day floors. */
    public static long minimumDays(Period period) {
        return period.getYears() * 365L + period.getMonths() * 28L + period.getDays();
    }

    /** A typical length in days (months of 30.44 days, years of 365.25): used only to order two periods. */
    public static double typicalDays(Period period) {
        return period.getYears() * 365.25 + period.getMonths() * 30.4375 + period.getDays();
    }

    /** The calendar instant {@code period} after {@code start}, in UTC as Key Vault computes policy times. */
    public static Instant after(Instant start, Period period) {
        return start.atOffset(ZoneOffset.UTC).plus(period).toInstant();
    }

    /** The calendar instant {@code period} before {@code end}. */
    public static Instant before(Instant end, Period period) {
        return end.atOffset(ZoneOffset.UTC).minus(period).toInstant();
    }

    static boolean isPositive(Period period) {
        return !period.isNegative() && !period.isZero()
                && period.getYears() >= 0 && period.getMonths() >= 0 && period.getDays() >= 0;
    }
}
