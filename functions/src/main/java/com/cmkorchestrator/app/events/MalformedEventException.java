package com.cmkorchestrator.app.events;

/**
 * An Event Grid delivery this app cannot read: not JSON, not an event, or an event whose data lacks what its type
 * promises. Retrying it cannot help, so it is recorded for an operator and acknowledged.
 */
public final class MalformedEventException extends RuntimeException {

    public MalformedEventException(String reason) {
        super(reason);
    }

    public MalformedEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
