package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.status.Condition;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The result of one pass over an HSM request.
 *
 * @param condition    the HSM's {@code HsmReady} condition (kept as the request's status)
 * @param writes       changes made in Azure during the pass
 * @param requeueAfter when to look again, or null once the HSM is active
 */
public record HsmOutcome(Condition condition, List<Write> writes, Duration requeueAfter) {

    public HsmOutcome {
        writes = List.copyOf(writes);
    }

    public Optional<Duration> requeue() {
        return Optional.ofNullable(requeueAfter);
    }
}
