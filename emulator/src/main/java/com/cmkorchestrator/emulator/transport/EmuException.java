package com.cmkorchestrator.emulator.transport;

/**
 * Thrown by handlers to answer with Azure's error shape ({@code {"error":{"code","message"}}});
 * the endpoint turns it into the response, so a user mistake never becomes a 500.
 */
public final class EmuException extends RuntimeException {
    private final int status;
    private final String code;

    public EmuException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() { return status; }

    public String code() { return code; }

    public EmuResponse toResponse() { return EmuResponse.error(status, code, getMessage()); }
}
