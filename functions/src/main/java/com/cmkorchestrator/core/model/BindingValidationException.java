package com.cmkorchestrator.core.model;

/**
 * A desired state that cannot be accepted, naming the JSON field at fault (for example {@code key.size})
 * so the HTTP layer can answer with a problem+json document that points at it.
 *
 * <p>Records throw it with the field name relative to themselves; {@link BindingJson} prefixes the path
 * of the enclosing objects, so a bad size inside {@code key} surfaces as {@code key.size}.
 */
public final class BindingValidationException extends IllegalArgumentException {

    private final String field;
    private final String reason;

    public BindingValidationException(String field, String reason) {
        super(field == null || field.isEmpty() ? reason : field + ": " + reason);
        this.field = field == null ? "" : field;
        this.reason = reason;
    }

    /** The JSON path of the offending field, dotted ({@code key.rotationPolicy.rotateAfter}); empty for the whole document. */
    public String field() {
        return field;
    }

    /** The message without the field prefix. */
    public String reason() {
        return reason;
    }

    /** The same error seen from an enclosing object: {@code size} under {@code key} becomes {@code key.size}. */
    public BindingValidationException under(String parent) {
        if (parent == null || parent.isEmpty()) {
            return this;
        }
        return new BindingValidationException(field.isEmpty() ? parent : parent + "." + field, reason);
    }

    static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new BindingValidationException(field, "is required");
        }
        return value;
    }

    static <T> T require(T value, String field) {
        if (value == null) {
            throw new BindingValidationException(field, "is required");
        }
        return value;
    }
}
