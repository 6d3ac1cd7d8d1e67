package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.status.BindingStatus;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The result of one reconcile pass.
 *
 * @param status       the binding's new status, to store and show
 * @param writes       the changes made in Azure during the pass, in order (empty for a converged binding)
 * @param requeueAfter when to look at the binding again
 */
public record ReconcileOutcome(BindingStatus status, List<Write> writes, Duration requeueAfter) {

    public ReconcileOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(requeueAfter, "requeueAfter");
        writes = List.copyOf(writes);
    }
}
