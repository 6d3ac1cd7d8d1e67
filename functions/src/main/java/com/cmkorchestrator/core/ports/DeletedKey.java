package com.cmkorchestrator.core.ports;

import java.time.Instant;
import java.util.Objects;

/** A soft-deleted key: it can be recovered until {@code scheduledPurgeDate}, and a new key of that name cannot be created. */
public record DeletedKey(String name, Instant deletedOn, Instant scheduledPurgeDate) {

    public DeletedKey {
        Objects.requireNonNull(name, "name");
    }
}
