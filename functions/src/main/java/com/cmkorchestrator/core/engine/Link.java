package com.cmkorchestrator.core.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * What one step concluded: its condition and when to look again, and, when its link holds, what it established for
 * the next step ({@link HsmReady}, {@link KeyReady}, ...).
 *
 * @param <T> what the step hands on
 */
record Link<T>(StepResult result, T established) {

    Link {
        Objects.requireNonNull(result, "result");
        if (result.condition().isTrue() != (established != null)) {
            throw new IllegalArgumentException("a link hands on a value exactly when it holds: " + result.condition());
        }
    }

    static <T> Link<T> holds(StepResult result, T established) {
        return new Link<>(result, Objects.requireNonNull(established, "established"));
    }

    static <T> Link<T> stops(StepResult result) {
        return new Link<>(result, null);
    }

    Optional<T> value() {
        return Optional.ofNullable(established);
    }
}
