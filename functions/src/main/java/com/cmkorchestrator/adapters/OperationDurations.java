package com.cmkorchestrator.adapters;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * How long one kind of ARM long-running operation took lately, by ARM's own {@code startTime} and {@code endTime}
 * (the {@code Azure-AsyncOperation} status document): a write's first look at its operation waits about that long,
 * never less than ARM's {@code Retry-After}, so that an operation of the usual length is looked at once rather than
 * every {@code Retry-After} while it runs (docs/concurrency.md section 4). ARM's times, not the passes' own: a pass
 * sees an end only when it looks, and learning from that would lengthen the wait a little on every round. Written by
 * hand: it is the median of a few durations, which no library is needed for.
 */
final class OperationDurations {

    /** Enough to ride out one odd operation, few enough to follow a provider that slows down or speeds up. */
    static final int KEPT = 16;
    /** A first look never waits longer than this, however long operations took: an outlier must not stall a rebind. */
    static final Duration LONGEST_FIRST_LOOK = Duration.ofMinutes(5);

    private final Deque<Duration> recent = new ArrayDeque<>();

    /** An operation ARM reports as ended, with its {@code startTime} and {@code endTime} (either may be missing). */
    void ended(String startTime, String endTime) {
        parse(startTime).flatMap(start -> parse(endTime).map(end -> Duration.between(start, end)))
                .filter(took -> !took.isNegative())
                .ifPresent(this::ended);
    }

    synchronized void ended(Duration took) {
        if (recent.size() == KEPT) {
            recent.removeFirst();
        }
        recent.addLast(took);
    }

    /** The median of the durations seen lately (at most {@link #LONGEST_FIRST_LOOK}); empty before any was seen. */
    synchronized Optional<Duration> typical() {
        if (recent.isEmpty()) {
            return Optional.empty();
        }
        List<Duration> sorted = new ArrayList<>(recent);
        sorted.sort(null);
        Duration median = sorted.get(sorted.size() / 2);
        return Optional.of(median.compareTo(LONGEST_FIRST_LOOK) > 0 ? LONGEST_FIRST_LOOK : median);
    }

    /** When to look first: ARM's {@code Retry-After}, or the typical duration when that is longer. */
    Duration firstLook(Duration retryAfter) {
        return typical().filter(typical -> typical.compareTo(retryAfter) > 0).orElse(retryAfter);
    }

    private static Optional<OffsetDateTime> parse(String time) {
        if (time == null || time.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(time));
        } catch (DateTimeParseException e) {
            return Optional.empty(); // a status document without usable times teaches nothing
        }
    }
}
