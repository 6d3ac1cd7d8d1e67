package com.cmkorchestrator.state;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One thing the health sweep found wrong with a binding.
 *
 * @param binding the binding's name
 * @param severity how urgent
 * @param message what is wrong, for people
 * @param at when the sweep found it, kept to the millisecond (what table storage keeps)
 */
public record Finding(String binding, FindingSeverity severity, String message, Instant at) {

    /** Messages are for a dashboard line, and must fit one table property. */
    public static final int MAX_MESSAGE_CHARS = 4_000;

    public Finding {
        StateLimits.requireName("binding", binding);
        Objects.requireNonNull(severity, "severity");
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("finding message must not be blank");
        }
        if (message.length() > MAX_MESSAGE_CHARS) {
            throw new IllegalArgumentException("finding message must be at most " + MAX_MESSAGE_CHARS
                    + " characters, got " + message.length());
        }
        at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MILLIS);
    }
}
