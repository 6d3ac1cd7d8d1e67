package com.cmkorchestrator.core.safety;

import com.cmkorchestrator.core.model.ArmId;

import java.util.List;

/** A resource the orchestrator was asked to touch lies outside the configured scope allow-list. */
public final class OutOfScopeException extends RuntimeException {

    private final ArmId resource;

    public OutOfScopeException(String role, ArmId resource, List<ArmId> allowed) {
        super("the " + role + " " + resource + " is outside the scope allow-list "
                + (allowed.isEmpty() ? "(empty: set the allow-list to the subscriptions or resource groups to manage)"
                : allowed.toString()) + "; nothing was changed");
        this.resource = resource;
    }

    public ArmId resource() {
        return resource;
    }
}
