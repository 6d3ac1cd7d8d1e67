package com.cmkorchestrator.core.safety;

/** Disabling or deleting this key version would take data offline: some resource uses it or may still use it. */
public final class RetentionViolationException extends RuntimeException {

    public RetentionViolationException(String message) {
        super(message);
    }
}
