package com.cmkorchestrator.core.ports;

import java.util.Objects;

/**
 * The security domain as the download returns it: encrypted to the wrapping certificates, yet the one thing that
 * recovers the HSM. {@link #toString()} never reveals it, so a log line or exception message cannot leak it.
 */
public final class EncryptedSecurityDomain {

    private final String value;

    public EncryptedSecurityDomain(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The {@code value} field of the download response, unchanged. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return "EncryptedSecurityDomain[" + value.length() + " characters, redacted]";
    }
}
