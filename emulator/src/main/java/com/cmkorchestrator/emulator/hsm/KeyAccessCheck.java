package com.cmkorchestrator.emulator.hsm;

/** The outcome of a CMK access check: either the versioned key in force, or Azure's error. */
public sealed interface KeyAccessCheck {

    /** @param versionedKeyId {@code https://<hsm>/keys/<name>/<version>} */
    record Granted(String versionedKeyId) implements KeyAccessCheck {
    }

    /**
     * The code of a refusal because the HSM lacks purge protection: the resource provider words it
     * its own way (Storage's "Keyvault policy recoverable is not set", ...).
     */
    String NOT_RECOVERABLE = "KeyVaultNotRecoverable";

    /** @param code and message as the resource provider reports them (azure-facts.md section 9) */
    record Denied(int httpStatus, String code, String message) implements KeyAccessCheck {
        /** Refused because keys in this HSM could be purged, not because of the key or the principal. */
        public boolean isNotRecoverable() { return NOT_RECOVERABLE.equals(code); }
    }
}
