package com.cmkorchestrator.state;

/** A create found a record of the same name already there. */
public final class StateAlreadyExistsException extends StateException {

    public StateAlreadyExistsException(String what, Throwable cause) {
        super(what + " already exists", cause);
    }
}
