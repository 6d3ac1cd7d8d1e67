package com.cmkorchestrator.core.rotation;

import com.cmkorchestrator.core.model.Binding;

import java.util.List;

/**
 * What a new key version means for the bindings of that key.
 *
 * @param reconcileNow bindings with a pinned slot: a pass now rebinds them to the new version
 * @param checkLater   bindings whose service follows new versions: verified once its pickup window has passed
 */
public record RotationPlan(List<Binding> reconcileNow, List<ScheduledCheck> checkLater) {

    public RotationPlan {
        reconcileNow = List.copyOf(reconcileNow);
        checkLater = List.copyOf(checkLater);
    }

    public static RotationPlan empty() {
        return new RotationPlan(List.of(), List.of());
    }
}
