package com.cmkorchestrator.app;

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
        SLOT_TAKEN
    }

    private final Kind kind;
    private final String field;

    /**
     * @param field the JSON field or route parameter at fault, or null when none is
     */
    public Refusal(Kind kind, String field, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
