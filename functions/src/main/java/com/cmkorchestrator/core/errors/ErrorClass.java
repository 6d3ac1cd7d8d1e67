package com.cmkorchestrator.core.errors;

/** What to do about a failed Azure call. */
public enum ErrorClass {
    /** Throttling or a server fault: try again soon, after {@code Retry-After} when given. */
    RETRYABLE,
    /** A grant or a new principal still propagating: try again with backoff over minutes. */
    SLOW_RETRYABLE,
    /** The request itself is wrong or forbidden by policy: retrying cannot help; surface Azure's message. */
    FATAL
}
