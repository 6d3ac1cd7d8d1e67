package com.cmkorchestrator.app;

import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.rotation.RotationPlan;
import com.cmkorchestrator.core.rotation.ScheduledCheck;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.WorkItem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Puts "look at X" items on the reconcile queue, now or later. A delay longer than a Storage queue allows (7 days)
 * is cut to 7 days; the worker re-defers an item that arrives before it is due.
 */
public final class WorkScheduler {

    private final ReconcileQueue queue;
    private final Clock clock;

    public WorkScheduler(ReconcileQueue queue, Clock clock) {
        this.queue = queue;
        this.clock = clock;
    }

    public void lookAt(String binding, String reason) {
        queue.enqueue(WorkItem.forBinding(binding, reason));
    }

    /** Look at a binding at once because {@code caller} changed its target. */
    public void lookAt(String binding, String reason, String caller) {
        queue.enqueue(WorkItem.forBinding(binding, reason, caller));
    }

    public void lookAt(String binding, String reason, Instant at) {
        queue.enqueue(WorkItem.forBinding(binding, reason), delayUntil(at));
    }

    /** The one re-check of a binding that its last pass asked for. */
    public void recheck(String binding, Instant at) {
        lookAt(binding, Recheck.reasonFor(at), at);
    }

    /** Look at an HSM: continue its provisioning, then the chains of its bindings. */
    public void lookAtHsm(String hsm, String reason) {
        queue.enqueue(WorkItem.forHsm(hsm, reason));
    }

    public void recheckHsm(String hsm, Instant at) {
        queue.enqueue(WorkItem.forHsm(hsm, Recheck.reasonFor(at)), delayUntil(at));
    }

    /** A rotation's consequences: pinned bindings now, self-rotating ones once their service's pickup window passed. */
    public void schedule(RotationPlan plan, String reason) {
        for (Binding binding : plan.reconcileNow()) {
            lookAt(binding.name(), reason);
        }
        for (ScheduledCheck check : plan.checkLater()) {
            lookAt(check.binding().name(), reason + ", pickup window over", check.at());
        }
    }

    /** The queue delay that makes an item visible at {@code at}: zero when already due, at most 7 days. */
    public Duration delayUntil(Instant at) {
        Duration delay = Duration.between(clock.instant(), at);
        if (delay.isNegative()) {
            return Duration.ZERO;
        }
        return delay.compareTo(ReconcileQueue.MAX_DELAY) > 0 ? ReconcileQueue.MAX_DELAY : delay;
    }
}
