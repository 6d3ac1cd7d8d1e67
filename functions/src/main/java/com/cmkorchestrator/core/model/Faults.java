package com.cmkorchestrator.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every fault a record's compact constructor finds, so that a client hears of all of them at once instead
 * of fixing one per request; {@link #throwIfAny()} ends the constructor when there was one.
 */
final class Faults {

    private final List<FieldFault> found = new ArrayList<>();

    void add(String field, String reason) {
        found.add(new FieldFault(field, reason));
    }

    /** Records a fault when {@code holds} is false; returns {@code holds}, so dependent checks can be skipped. */
    boolean check(boolean holds, String field, String reason) {
        if (!holds) {
            add(field, reason);
        }
        return holds;
    }

    /** Records "is required" when {@code value} is missing; returns whether it is present. */
    boolean required(Object value, String field) {
        boolean present = value != null && !(value instanceof String text && text.isBlank());
        return check(present, field, "is required");
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new BindingValidationException(found);
        }
    }
}
