package com.cmkorchestrator.adapters.pacing;

import com.azure.core.http.HttpHeaders;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the remaining-requests headers ARM puts on every answer (request-limits-and-throttling.md, "Remaining
 * requests"): {@code x-ms-ratelimit-remaining-subscription-<class>}, {@code ...-subscription-global-<class>},
 * {@code x-ms-ratelimit-remaining-tenant-<class>}, and a provider's own
 * {@code x-ms-ratelimit-remaining-resource: <Namespace>/<Policy><window>;<count>,...} (Compute's
 * troubleshooting-throttling-errors.md: {@code Microsoft.Compute/HighCostGet3Min;159,Microsoft.Compute/HighCostGet30Min;799}).
 */
public final class RemainingCounts {

    static final String RESOURCE = "x-ms-ratelimit-remaining-resource";
    private static final Pattern WINDOW = Pattern.compile("(\\d+)(sec|min|hour|hr|day)s?$", Pattern.CASE_INSENSITIVE);

    private RemainingCounts() {
    }

    /** Every bucket the answer to a request of {@code operation} reports; malformed values are skipped. */
    public static List<Reading> of(HttpHeaders headers, OperationClass operation, ArmLimits limits) {
        List<Reading> readings = new ArrayList<>();
        String plural = operation.plural();
        count(headers.getValue("x-ms-ratelimit-remaining-subscription-" + plural)).ifPresent(n ->
                readings.add(new Reading("subscription", null, n, limits.principal(operation), null)));
        count(headers.getValue("x-ms-ratelimit-remaining-subscription-global-" + plural)).ifPresent(n ->
                readings.add(new Reading("global", null, n, limits.global(operation), null)));
        count(headers.getValue("x-ms-ratelimit-remaining-tenant-" + plural)).ifPresent(n ->
                readings.add(new Reading("tenant", null, n, limits.principal(operation), null)));
        String resource = headers.getValue(RESOURCE);
        if (resource != null) {
            for (String entry : resource.split(",")) {
                provider(entry.trim()).ifPresent(readings::add);
            }
        }
        return readings;
    }

    /** {@code Microsoft.Compute/CreateUpdateDisks3Min;999}; a policy without a window in its name counts per minute. */
    static Optional<Reading> provider(String entry) {
        int semicolon = entry.lastIndexOf(';');
        int slash = entry.indexOf('/');
        if (semicolon <= 0 || slash <= 0 || slash > semicolon) {
            return Optional.empty();
        }
        String policy = entry.substring(0, semicolon).trim();
        return count(entry.substring(semicolon + 1)).map(n ->
                new Reading(policy, policy.substring(0, slash), n, null, window(policy)));
    }

    static Duration window(String policy) {
        Matcher matcher = WINDOW.matcher(policy);
        if (!matcher.find()) {
            return Duration.ofMinutes(1);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "sec" -> Duration.ofSeconds(amount);
            case "min" -> Duration.ofMinutes(amount);
            case "hour", "hr" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static Optional<Long> count(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
