package com.cmkorchestrator.core.errors;

import java.time.Duration;
import java.util.Optional;

/**
 * An Azure call that failed, as the adapters report it to the core: HTTP status, Azure's error code
 * ({@code error.code} of the ARM / Key Vault error body, or the inner code when it is more specific),
 * Azure's own message, and the {@code Retry-After} header when one came back.
 * Adapters translate azure-core's {@code HttpResponseException} into this type, so the core
 * classifies errors without depending on the SDK.
 */
public class AzureCallException extends RuntimeException {

    private final String operation;
    private final int httpStatus;
    private final String errorCode;
    private final String azureMessage;
    private final Duration retryAfter;

    /**
     * @param operation    the operation that failed, for people ({@code "PUT storageAccounts/ordersdata"})
     * @param httpStatus   the HTTP status, or 0 when no response arrived (timeout, connection reset)
     * @param errorCode    Azure's error code, or null when the body carried none
     * @param azureMessage Azure's message, surfaced as it is
     * @param retryAfter   the {@code Retry-After} delay, or null
     */
    public AzureCallException(String operation, int httpStatus, String errorCode, String azureMessage,
                              Duration retryAfter, Throwable cause) {
        super(operation + " failed: HTTP " + httpStatus + (errorCode == null ? "" : " " + errorCode)
                + (azureMessage == null ? "" : ": " + azureMessage), cause);
        this.operation = operation;
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.azureMessage = azureMessage == null ? "" : azureMessage;
        this.retryAfter = retryAfter;
    }

    public AzureCallException(String operation, int httpStatus, String errorCode, String azureMessage) {
        this(operation, httpStatus, errorCode, azureMessage, null, null);
    }

    public String operation() {
        return operation;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    public String azureMessage() {
        return azureMessage;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
