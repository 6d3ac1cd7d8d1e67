package com.cmkorchestrator.emulator.transport;

/**
 * Thrown by handlers to answer with Azure's error shape ({@code {"error":{"code","message"}}});
 * the endpoint turns it into the response, so a user mistake never becomes a 500.
 */
public class EmuException extends RuntimeException {
    private final int status;
    private final String code;
    private final String target;

    public EmuException(int status, String code, String message) {
        this(status, code, message, null);
    }

    /** @param target the offending property, as Compute reports it ({@code error.target}); may be null */
    public EmuException(int status, String code, String message, String target) {
        super(message);
        this.status = status;
        this.code = code;
        this.target = target;
    }

    public int status() { return status; }

    public String code() { return code; }

    public String target() { return target; }

    public EmuResponse toResponse() {
        return EmuResponse.error(status, code, getMessage(), target);
    }
}
