package com.cmkorchestrator.emulator.hsm;

/** The outcome of an ARM {@code Microsoft.KeyVault/managedHSMs/keys} PUT, as the HSM decides it. */
public sealed interface ArmKeyWrite {

    /**
     * @param keyUri {@code https://<hsm>/keys/<name>} (ARM's read-only {@code keyUri})
     * @param keyUriWithVersion the current version's ID ({@code keyUriWithVersion})
     * @param created false when the key already existed: ARM then returns it unchanged
     */
    record Written(String keyUri, String keyUriWithVersion, boolean created) implements ArmKeyWrite {
    }

    /** @param code and message to surface as ARM's error */
    record Refused(int httpStatus, String code, String message) implements ArmKeyWrite {
    }
}
