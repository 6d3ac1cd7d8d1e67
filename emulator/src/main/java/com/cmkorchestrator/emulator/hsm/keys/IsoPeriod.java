package com.cmkorchestrator.emulator.hsm.keys;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ISO 8601 duration as rotation policies use it ({@code P90D}, {@code P2Y}, {@code P18M},
 * {@code P1Y6M}, {@code PT12H}...). Applied to instants on the UTC calendar, so {@code P1M} after
 * 31 January is the last day of February, as Key Vault would; compared with the 28-day minimums
 * by its nominal length (a year is 365 days, a month 30).
 *
 * @param text the duration exactly as the client sent it (echoed back unchanged)
 */
public record IsoPeriod(String text, int years, int months, int days, Duration time) {
    private static final Pattern FORMAT = Pattern.compile(
            "^P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+)S)?)?$");

    /** @return empty when {@code text} is not an ISO 8601 duration with at least one non-zero part */
    public static Optional<IsoPeriod> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches() || text.equals("P") || text.endsWith("T")) {
            return Optional.empty();
        }
        try {
            int years = number(m.group(1));
            int months = number(m.group(2));
            int days = number(m.group(3)) * 7 + number(m.group(4));
            Duration time = Duration.ofHours(number(m.group(5))).plusMinutes(number(m.group(6)))
                    .plusSeconds(number(m.group(7)));
            IsoPeriod period = new IsoPeriod(text, years, months, days, time);
            return period.nominal().isZero() ? Optional.empty() : Optional.of(period);
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static int number(String group) {
        return group == null ? 0 : Integer.parseInt(group);
    }

    public Duration nominal() {
        return Duration.ofDays(years * 365L + months * 30L + days).plus(time);
    }

    public Instant addTo(Instant instant) {
        return ZonedDateTime.ofInstant(instant, ZoneOffset.UTC)
                .plusYears(years).plusMonths(months).plusDays(days).plus(time).toInstant();
    }

    public Instant subtractFrom(Instant instant) {
        return ZonedDateTime.ofInstant(instant, ZoneOffset.UTC)
                .minusYears(years).minusMonths(months).minusDays(days).minus(time).toInstant();
    }

    @Override
    public String toString() { return text; }
}
