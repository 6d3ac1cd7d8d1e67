package com.cmkorchestrator.state;

/**
 * A conditional write lost against another writer: the record changed (its ETag moved on) or was
 * deleted after the caller read it. Re-read and decide again; {@link SpecStore#update} does so.
 */
public final class ConcurrentUpdateException extends StateException {

    public ConcurrentUpdateException(String message) {
        super(message, null);
    }

    public ConcurrentUpdateException(String message, Throwable cause) {
        super(message, cause);
    }
}
