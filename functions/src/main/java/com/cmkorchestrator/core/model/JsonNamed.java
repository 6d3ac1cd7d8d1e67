package com.cmkorchestrator.core.model;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

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

    /**
     * The constant of {@code type} spelled {@code text} in JSON.
     *
     * @throws BindingValidationException naming every spelling there is, when none is {@code text}
     */
    static <E extends Enum<E> & JsonNamed> E parse(Class<E> type, String text) {
        return lookup(type, text).orElseThrow(() -> new BindingValidationException("", "must be "
                + Arrays.stream(type.getEnumConstants()).map(constant -> "'" + constant.json() + "'")
                .collect(Collectors.joining(" or ")) + ", not '" + text + "'"));
    }
}
