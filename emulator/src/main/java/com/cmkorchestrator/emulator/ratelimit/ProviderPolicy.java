package com.cmkorchestrator.emulator.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * One of Compute's throttling policies, which it reports per 3-minute and per 30-minute window as
 * {@code x-ms-ratelimit-remaining-resource: Microsoft.Compute/<name>3Min;<n>,Microsoft.Compute/<name>30Min;<n>}
 * (troubleshooting-throttling-errors.md, "Call rate informational response headers"). Each window
 * is a token bucket that refills its whole count over the window: Compute says it throttles with a
 * token bucket (compute-throttling-limits.md) but publishes no refill rates for these policies.
 *
 * @param name e.g. {@code Microsoft.Compute/CreateUpdateDisks}
 */
public record ProviderPolicy(String name, int per3Minutes, int per30Minutes) {
    static final Duration SHORT_WINDOW = Duration.ofMinutes(3);
    static final Duration LONG_WINDOW = Duration.ofMinutes(30);

    public ProviderPolicy {
        if (name == null || !name.contains("/") || per3Minutes < 1 || per30Minutes < 1) {
            throw new IllegalArgumentException("a policy needs a Namespace/Name and counts of at least 1, got "
                    + name + " " + per3Minutes + "/" + per30Minutes);
        }
    }

    /** The same policy with other counts, written {@code <per 3 minutes>/<per 30 minutes>}, e.g. {@code 1000/8000}. */
    public ProviderPolicy withCounts(String counts) {
        String[] parts = counts == null ? new String[0] : counts.trim().split("/");
        try {
            if (parts.length == 2) {
                return new ProviderPolicy(name, Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("expected <count per 3 minutes>/<count per 30 minutes> such as 1000/8000, got '"
                + counts + "'");
    }

    String shortWindowName() { return name + "3Min"; }

    String longWindowName() { return name + "30Min"; }

    TokenBucket shortWindow(Instant start) {
        return new TokenBucket(per3Minutes, per3Minutes / (double) SHORT_WINDOW.toSeconds(), start);
    }

    TokenBucket longWindow(Instant start) {
        return new TokenBucket(per30Minutes, per30Minutes / (double) LONG_WINDOW.toSeconds(), start);
    }

    @Override
    public String toString() { return per3Minutes + "/" + per30Minutes; }
}
