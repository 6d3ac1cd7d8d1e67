package com.cmkorchestrator.state;

/** Base of the failures the state stores report; each subtype says what the caller can do about it. */
public abstract class StateException extends RuntimeException {

    protected StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
