package com.cmkorchestrator.emulator.hsm.http;

import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Managed HSM data-plane error, answered as Key Vault's {@code KeyVaultError} body:
 * {@code {"error":{"code","message","innererror":{"code"}}}} (the inner error only when Key Vault
 * gives one). Thrown anywhere below the router; nothing is changed before it is thrown.
 */
public final class KeyVaultError extends RuntimeException {
    private final int status;
    private final String code;
    private final String innerCode;

    public KeyVaultError(int status, String code, String message, String innerCode) {
        super(message);
        this.status = status;
        this.code = code;
        this.innerCode = innerCode;
    }

    public KeyVaultError(int status, String code, String message) {
        this(status, code, message, null);
    }

    /** 400 {@code BadParameter}: Key Vault's code for any malformed or out-of-range input. */
    public static KeyVaultError badParameter(String message) {
        return new KeyVaultError(400, "BadParameter", message);
    }

    /** 404 {@code KeyNotFound} with Key Vault's wording. */
    public static KeyVaultError keyNotFound(String nameOrId) {
        return new KeyVaultError(404, "KeyNotFound", "A key with (name/id) " + nameOrId
                + " was not found in this key vault. If you recently deleted this key you may be able to recover it"
                + " using the correct recovery command. For help resolving this issue, please see"
                + " https://go.microsoft.com/fwlink/?linkid=2125182");
    }

    public int status() { return status; }

    public String code() { return code; }

    public String innerCode() { return innerCode; }

    public EmuResponse toResponse() {
        ObjectNode body = EmuRequest.JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("code", code).put("message", getMessage());
        if (innerCode != null) {
            error.putObject("innererror").put("code", innerCode);
        }
        return EmuResponse.json(status, body);
    }
}
