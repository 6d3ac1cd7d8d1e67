package com.cmkorchestrator.state;

/** The record to change does not exist (never created, or deleted). */
public final class StateNotFoundException extends StateException {

    public StateNotFoundException(String what) {
        super(what + " does not exist", null);
    }
}
