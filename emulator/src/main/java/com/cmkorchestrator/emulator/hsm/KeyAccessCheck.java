package com.cmkorchestrator.emulator.hsm;

/** The outcome of a CMK access check: either the versioned key in force, or Azure's error. */
public sealed interface KeyAccessCheck {

    /** @param versionedKeyId {@code https://<hsm>/keys/<name>/<version>} */
    record Granted(String versionedKeyId) implements KeyAccessCheck {
    }

    /** @param code and message as the resource provider reports them (azure-facts.md section 9) */
    record Denied(int httpStatus, String code, String message) implements KeyAccessCheck {
    }
}
