package com.cmkorchestrator.state;

/**
 * A record is too large for the state table (Azure Table storage holds at most 1 MiB per entity).
 * Nothing was written. A user-supplied spec this large is a bad request, not a server fault.
 */
public final class StateTooLargeException extends StateException {

    public StateTooLargeException(String message) {
        super(message, null);
    }

    public StateTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
