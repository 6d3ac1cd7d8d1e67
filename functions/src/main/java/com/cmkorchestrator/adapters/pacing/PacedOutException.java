package com.cmkorchestrator.adapters.pacing;

import java.time.Duration;

/**
 * A request the process did not send because ARM's budget would have kept it waiting longer than a worker should:
 * the call ends as throttled, and the pass's re-check waits {@link #retryAfter()} on the queue instead.
 */
public final class PacedOutException extends RuntimeException {

    private final Duration retryAfter;

    PacedOutException(String scope, OperationClass operation, Duration retryAfter) {
        super("not sent: ARM's " + operation.plural() + " budget for " + scope + " is spent in this process; the next "
                + "request may go in " + Math.max(1, (retryAfter.toMillis() + 999) / 1000) + " s");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
