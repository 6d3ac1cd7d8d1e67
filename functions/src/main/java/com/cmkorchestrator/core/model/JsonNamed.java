package com.cmkorchestrator.core.model;

import java.util.Optional;

/** An enum written in JSON by a name of its own ({@code "RSA-HSM"}, {@code "auto"}) rather than its constant. */
public interface JsonNamed {

    /** The JSON spelling. */
    String json();

    /** The constant of {@code type} spelled {@code text} in JSON, if any. */
    static <E extends Enum<E> & JsonNamed> Optional<E> lookup(Class<E> type, String text) {
        for (E constant : type.getEnumConstants()) {
            if (constant.json().equals(text)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}
