package com.cmkorchestrator.core;

import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.status.BindingStatus;

import java.util.Objects;

/** A binding with the status its last pass left (null when never reconciled), as the state store holds them. */
public record TrackedBinding(Binding binding, BindingStatus status) {

    public TrackedBinding {
        Objects.requireNonNull(binding, "binding");
    }
}
