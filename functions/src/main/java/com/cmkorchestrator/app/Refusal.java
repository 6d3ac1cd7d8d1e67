package com.cmkorchestrator.app;

import com.cmkorchestrator.core.model.FieldFault;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An application service declining a request for a reason the caller can act on: the thing does not exist, lies
 * outside the allow-list, changed since it was read, and so on. Nothing was changed. The HTTP layer turns the kind
 * into a status code; other callers log it.
 */
public final class Refusal extends RuntimeException {

    public enum Kind {
        /** No such binding, HSM request or key. */
        NOT_FOUND,
        /** A resource outside the configured scope allow-list. */
        OUT_OF_SCOPE,
        /** A feature switched off by an app setting. */
        DISABLED,
        /** The caller's {@code If-Match} no longer matches the stored record. */
        PRECONDITION_FAILED,
        /** Azure is not in a state that allows it yet (for example the HSM is not activated). */
        NOT_READY,
        /** The key cannot be rotated as it is (no rotation policy, or Managed HSM's version cap); the message says how to fix it. */
        KEY_NOT_ROTATABLE,
        /** A key slot of the target is owned by another binding; the message names it and how to move ownership. */
        SLOT_TAKEN,
        /** The key exists but the app neither created it nor was told to adopt it: it writes nothing to it. */
        KEY_NOT_OWNED
    }

    private final Kind kind;
    private final List<FieldFault> faults;

    /**
     * @param field the JSON field or route parameter at fault, or null when none is
     */
    public Refusal(Kind kind, String field, String message) {
        this(kind, message, field == null ? List.of() : List.of(new FieldFault(field, message)));
    }

    private Refusal(Kind kind, String message, List<FieldFault> faults) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.faults = List.copyOf(faults);
    }

    /** @param faults every field at fault and why, so a client fixes them all at once */
    public static Refusal naming(Kind kind, List<FieldFault> faults, String message) {
        return new Refusal(kind, message, faults);
    }

    public Kind kind() {
        return kind;
    }

    /** The first field at fault. */
    public Optional<String> field() {
        return faults.stream().findFirst().map(FieldFault::field);
    }

    /** Every field at fault. */
    public List<FieldFault> faults() {
        return faults;
    }
}
