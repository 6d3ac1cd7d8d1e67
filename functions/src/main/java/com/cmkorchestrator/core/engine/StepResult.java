package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.status.Condition;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What an ensure step concluded.
 *
 * @param condition the condition to report
 * @param recheck   when to look again: for a condition that holds, a hint (a pickup window ending, an expiry
 *                  nearing); for one that does not, the retry time; null for "no particular time"
 */
public record StepResult(Condition condition, Duration recheck) {

    public StepResult {
        Objects.requireNonNull(condition, "condition");
    }

    public static StepResult of(Condition condition) {
        return new StepResult(condition, null);
    }

    public static StepResult of(Condition condition, Duration recheck) {
        return new StepResult(condition, recheck);
    }

    public Optional<Duration> recheckAfter() {
        return Optional.ofNullable(recheck);
    }
}
