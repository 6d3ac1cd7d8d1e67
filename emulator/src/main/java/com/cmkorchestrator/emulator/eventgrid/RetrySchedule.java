package com.cmkorchestrator.emulator.eventgrid;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Event Grid's retry policy for webhook deliveries, on the emulated clock: the published
 * schedule (10 s, 30 s, 1 min, 5 min, 10 min, 30 min, 1 h, 3 h, 6 h, then every 12 h), Event
 * Grid's longer minimum waits for some answers, and no retry at all for 400 and 413. Event Grid
 * adds a little randomness to each step; the emulator does not, so tests can step the clock exactly.
 */
public final class RetrySchedule {
    private static final List<Duration> STEPS = List.of(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6));
    private static final Duration LAST_STEP = Duration.ofHours(12);

    private RetrySchedule() {
    }

    /** Whether Event Grid retries after this answer (0 = no answer at all). */
    public static boolean retries(int status) {
        return status != 400 && status != 413;
    }

    /**
     * The wait before attempt {@code failedAttempt + 1}.
     *
     * @param failedAttempt the attempt that just failed, from 1
     */
    public static Duration delayAfter(int failedAttempt, int status) {
        Duration step = failedAttempt - 1 < STEPS.size() ? STEPS.get(failedAttempt - 1) : LAST_STEP;
        return max(step, minimumFor(status).orElse(Duration.ZERO));
    }

    private static Optional<Duration> minimumFor(int status) {
        return switch (status) {
            case 401, 404 -> Optional.of(Duration.ofMinutes(5));
            case 408 -> Optional.of(Duration.ofMinutes(2));
            case 503 -> Optional.of(Duration.ofSeconds(30));
            default -> Optional.empty();
        };
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
