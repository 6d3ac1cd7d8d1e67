package com.cmkorchestrator.core.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A desired state that cannot be accepted, naming every JSON field at fault (for example {@code key.size}) so the
 * HTTP layer can answer with a problem+json document that points at each of them.
 *
 * <p>Records throw it with field names relative to themselves; {@link BindingJson} prefixes the path of the
 * enclosing objects, so a bad size inside {@code key} surfaces as {@code key.size}.
 */
public final class BindingValidationException extends IllegalArgumentException {

    private final transient List<FieldFault> faults;

    public BindingValidationException(String field, String reason) {
        this(List.of(new FieldFault(field, reason)));
    }

    /** @param faults at least one */
    public BindingValidationException(List<FieldFault> faults) {
        super(faults.stream().map(FieldFault::toString).collect(Collectors.joining("; ")));
        if (faults.isEmpty()) {
            throw new IllegalArgumentException("a validation failure names at least one fault");
        }
        this.faults = List.copyOf(faults);
    }

    /** Every fault found, in the order the fields were checked. */
    public List<FieldFault> faults() {
        return faults;
    }

    /** The JSON path of the first offending field, dotted ({@code key.rotationPolicy.rotateAfter}); empty for the whole document. */
    public String field() {
        return faults.get(0).field();
    }

    /** The first fault's message without the field prefix. */
    public String reason() {
        return faults.get(0).reason();
    }

    /** The same error seen from an enclosing object: {@code size} under {@code key} becomes {@code key.size}. */
    public BindingValidationException under(String parent) {
        if (parent == null || parent.isEmpty()) {
            return this;
        }
        return new BindingValidationException(faults.stream().map(fault -> fault.under(parent)).toList());
    }

}
