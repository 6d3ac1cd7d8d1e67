package com.cmkorchestrator.app;

import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.rotation.RotationPlan;
import com.cmkorchestrator.core.rotation.ScheduledCheck;
import com.cmkorchestrator.state.PendingWork;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.WorkItem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Puts "look at X" items on the reconcile queue, now or later, each only when no item for the same target is waiting
 * already (its {@link PendingWork} marker, docs/concurrency.md section 5): however many events, sweeps and passes ask
 * for a look at a binding, a key or an HSM, one item waits for it. A delay longer than a Storage queue allows
 * (7 days) is cut to 7 days; the worker re-defers an item that arrives before it is due.
 */
public final class WorkScheduler {

    private final ReconcileQueue queue;
    private final PendingWork pending;
    private final Clock clock;

    public WorkScheduler(ReconcileQueue queue, PendingWork pending, Clock clock) {
        this.queue = queue;
        this.pending = pending;
        this.clock = clock;
    }

    /** @return whether an item was queued (false: one waiting already covers it) */
    public boolean lookAt(String binding, String reason) {
        return enqueue(WorkItem.forBinding(binding, reason), clock.instant());
    }

    public boolean lookAt(String binding, String reason, Instant at) {
        return enqueue(WorkItem.forBinding(binding, reason), at);
    }

    /** A look at a binding now because {@code caller} changed its resource (so that its pass can name them). */
    public boolean lookAtChangedBy(String binding, String reason, WorkItem.Caller caller) {
        return enqueue(WorkItem.forBindingChangedBy(binding, reason, caller), clock.instant());
    }

    /** The one re-check of a binding that its last pass asked for. */
    public void recheck(String binding, Instant at) {
        recheck(binding, at, false);
    }

    /**
     * As {@link #recheck(String, Instant)}; a look at a write still in flight goes to the {@link ReconcileQueue#polls()}
     * queue, so that it never waits behind writes that wait for ARM's budget.
     *
     * @param operationInFlight whether the binding's last pass began a long-running operation not yet seen to end
     */
    public void recheck(String binding, Instant at, boolean operationInFlight) {
        enqueue(WorkItem.forBinding(binding, Recheck.reasonFor(at)), at, operationInFlight ? queue.polls() : queue);
    }

    /** Look at an HSM: continue its provisioning, then the chains of its bindings. */
    public boolean lookAtHsm(String hsm, String reason) {
        return enqueue(WorkItem.forHsm(hsm, reason), clock.instant());
    }

    public void recheckHsm(String hsm, Instant at) {
        enqueue(WorkItem.forHsm(hsm, Recheck.reasonFor(at)), at);
    }

    /** Look at one key of an HSM: what its versions and expiry mean for the bindings that use it. */
    public boolean lookAtKey(String hsm, String key, String reason) {
        return enqueue(WorkItem.forKey(hsm, key, reason), clock.instant());
    }

    /**
     * A worker starts {@code item}: its marker goes, so that a change made during the pass queues a new look rather
     * than being covered by the one already under way.
     */
    public void started(WorkItem item) {
        // the instance that queued the item may run a little ahead of this one: a marker due within the queue's
        // granularity is this item's, and left in place it would take the pass's own re-check for covered
        pending.started(item.coalescingKey(), clock.instant().plus(ReconcileQueue.GRANULARITY));
    }

    /**
     * The marker is set for when the item becomes visible (at most 7 days ahead), not for its due time: an item
     * deferred again on arrival then finds no marker of its own in the way.
     */
    private boolean enqueue(WorkItem item, Instant at) {
        return enqueue(item, at, queue);
    }

    private boolean enqueue(WorkItem item, Instant at, ReconcileQueue onto) {
        Duration delay = delayUntil(at);
        Instant visible = clock.instant().plus(delay);
        if (!pending.mark(item.coalescingKey(), visible)) {
            return false;
        }
        try {
            onto.enqueue(item, delay);
            return true;
        } catch (RuntimeException e) {
            pending.unmark(item.coalescingKey(), visible);
            throw e;
        }
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
