package com.cmkorchestrator.core.rotation;

import com.cmkorchestrator.core.model.Binding;

import java.time.Instant;
import java.util.Objects;

/** Look at {@code binding} again at {@code at}: when its service's pickup window for a new version has passed. */
public record ScheduledCheck(Binding binding, Instant at) {

    public ScheduledCheck {
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(at, "at");
    }
}
