package com.cmkorchestrator.core.errors;

import java.time.Duration;
import java.util.Objects;

/**
 * The verdict on one failed call.
 *
 * @param errorClass  retryable, slow-retryable or fatal
 * @param retryAfter  the least time to wait before trying again (zero for fatal errors)
 * @param description Azure's code and message, as the status shows them
 */
public record Classification(ErrorClass errorClass, Duration retryAfter, String description) {

    public Classification {
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public boolean isFatal() {
        return errorClass == ErrorClass.FATAL;
    }
}
