package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.ports.PacingPort;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Takes a slot of a rate every instance shares ({@link PacingPort}, docs/concurrency.md section 3): a slot due now
 * is used at once, one due within {@link #LONGEST_WAIT} is taken and waited for, and one further away is not taken,
 * the step reporting {@code Waiting/Paced} and coming back when it starts, so that no worker sits idle for long.
 */
final class PacedSlot {

    /** The longest a step waits in place for its slot. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(2);

    private PacedSlot() {
    }

    /** @return empty when the step may act now; else how long until it should come back */
    static Optional<Duration> take(PacingPort pacing, String name, Duration interval, Instant now, Sleeper sleeper) {
        PacingPort.Slot slot = pacing.reserve(name, interval, LONGEST_WAIT);
        Duration wait = Duration.between(now, slot.startsAt());
        if (!slot.taken()) {
            // not taken, so not queued: coming back when the next free slot starts, it competes for it afresh
            return Optional.of(wait.isNegative() || wait.isZero() ? interval : wait);
        }
        if (wait.isNegative() || wait.isZero()) {
            return Optional.empty();
        }
        try {
            sleeper.sleep(wait);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(wait);
        }
    }
}
