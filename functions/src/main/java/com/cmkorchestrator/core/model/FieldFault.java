package com.cmkorchestrator.core.model;

import java.util.Objects;

/**
 * One fault of a desired-state document: the JSON field at fault and what is wrong with it.
 *
 * @param field  dotted JSON path relative to the document being read ({@code key.size}); empty for the whole document
 * @param reason what is wrong, without the field's name
 */
public record FieldFault(String field, String reason) {

    public FieldFault {
        field = field == null ? "" : field;
        Objects.requireNonNull(reason, "reason");
    }

    /** The same fault seen from an enclosing object: {@code size} under {@code key} becomes {@code key.size}. */
    public FieldFault under(String parent) {
        if (parent == null || parent.isEmpty()) {
            return this;
        }
        if (field.isEmpty()) {
            return new FieldFault(parent, reason);
        }
        return new FieldFault(field.startsWith("[") ? parent + field : parent + "." + field, reason);
    }

    /** Whether this fault lies at {@code path} or inside it ({@code key.size} lies inside {@code key}). */
    public boolean isWithin(String path) {
        return field.equals(path) || field.startsWith(path + ".") || field.startsWith(path + "[");
    }

    @Override
    public String toString() {
        return field.isEmpty() ? reason : field + ": " + reason;
    }
}
