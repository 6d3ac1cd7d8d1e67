package com.cmkorchestrator.app;

import com.cmkorchestrator.core.BindingReconciler;
import com.cmkorchestrator.core.KeyEventResponse;
import com.cmkorchestrator.core.TrackedBinding;
import com.cmkorchestrator.core.engine.HsmOutcome;
import com.cmkorchestrator.core.engine.ReconcileOutcome;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.BindingJson;
import com.cmkorchestrator.core.model.HsmRequest;
import com.cmkorchestrator.core.safety.KeyNotOwnedException;
import com.cmkorchestrator.core.safety.OutOfScopeException;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.retry.Retries;
import com.cmkorchestrator.state.ConcurrentUpdateException;
import com.cmkorchestrator.state.ReceivedWork;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.SpecRecord;
import com.cmkorchestrator.state.SpecStore;
import com.cmkorchestrator.state.WorkItem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Processes one work item from the reconcile queue: a binding gets one reconcile pass; a key gets one look at what
 * its versions and expiry mean for its bindings (a key event's work, coalesced); an HSM gets one provisioning pass
 * (when it was requested here) and then its bindings are queued. Starting an item removes its pending marker. A failed item goes back to the queue with its
 * error and a growing delay, and to the poison queue, error kept, after the configured number of attempts.
 */
public final class ReconcileWorker {

    private static final Logger LOG = Logger.getLogger(ReconcileWorker.class.getName());
    private static final Duration FIRST_RETRY = Retries.WORK_ITEM_FIRST;
    private static final Duration LONGEST_RETRY = Retries.WORK_ITEM_LONGEST;

    private final SpecStore hsmRequests;
    private final BindingCatalog catalog;
    private final BindingReconciler reconciler;
    private final ReconcileQueue queue;
    private final WorkScheduler work;
    private final BindingPass passes;
    private final Clock clock;
    private final PassGate hsmGate = new PassGate();
    
    public ReconcileWorker(SpecStore hsmRequests, BindingCatalog catalog, BindingReconciler reconciler,
                           ReconcileQueue queue, WorkScheduler work, BindingPass passes, Clock clock) {
        this.hsmRequests = hsmRequests;
        this.catalog = catalog;
        this.reconciler = reconciler;
        this.queue = queue;
        this.work = work;
        this.passes = passes;
        this.clock = clock;
    }

    /**
     * Processes a received item and reports a failure to the queue itself, so that the error travels with the item
     * into its next attempt and, at the end, into the poison queue.
     *
     * @return what was done, for the function log
     */
    public String handle(ReceivedWork received) {
        return handle(received, queue);
    }

    /**
     * As {@link #handle(ReceivedWork)}, for an item received from {@code from} (the work queue or its poll queue): a
     * failure goes back to the queue that holds the item.
     */
    public String handle(ReceivedWork received, ReconcileQueue from) {
        try {
            return process(received.item());
        } catch (RuntimeException e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            Duration retry = retryDelay(received.attempts());
            LOG.log(Level.WARNING, "work item " + received.item().target() + " failed (attempt " + received.attempts()
                    + ")", e);
            try {
                ReconcileQueue.FailureOutcome outcome = from.fail(received, error, retry);
                return received.item().target() + " failed: " + error + (outcome == ReconcileQueue.FailureOutcome.POISONED
                        ? "; moved to " + from.poisonName() : "; retrying in " + retry);
            } catch (ConcurrentUpdateException stale) {
                return received.item().target() + " failed: " + error + "; another consumer holds the item now";
            }
        }
    }

    /** One pass for the item's target. */
    public String process(WorkItem item) {
        work.started(item);
        if (item.binding() != null) {
            return reconcileBinding(item);
        }
        return item.key() != null ? lookAtKey(item) : lookAtHsm(item);
    }

    /**
     * A key event's one look at the key, however many events asked (they were coalesced into this item): the HSM and
     * the key read once, a rotation if expiry calls for it, and the bindings not yet on the current version queued.
     * The HSM is found by the name this app queued, after the event was matched to it by its full identity.
     */
    private String lookAtKey(WorkItem item) {
        Optional<ArmId> hsm = catalog.hsmNamed(item.hsm());
        if (hsm.isEmpty()) {
            return item.target() + ": no binding uses this HSM any more; nothing to do";
        }
        List<TrackedBinding> bindings = catalog.all().stream().map(StoredBinding::tracked).toList();
        KeyEventResponse response;
        try {
            response = reconciler.onKeyChange(hsm.get(), item.key(), bindings);
        } catch (NoSuchElementException | IllegalStateException | OutOfScopeException | KeyNotOwnedException e) {
            // the HSM or key is gone, not active, or not the app's to touch: looking again would find the same
            return item.target() + " (" + item.reason() + "): nothing done: " + e.getMessage();
        }
        work.schedule(response.plan(), item.reason() + response.rotation()
                .map(v -> ", rotated to " + v.version()).orElse(""));
        return item.target() + " (" + item.reason() + "): " + response.rotation().map(v -> "rotated to " + v.version()
                + ", ").orElse("") + "queued " + response.plan().reconcileNow().size() + " binding(s) now, "
                + response.plan().checkLater().size() + " after the pickup window";
    }

    private String reconcileBinding(WorkItem item) {
        BindingPass.Result result = passes.run(item.binding(), cause(item), stored -> skipRecheck(item,
                stored.lastStatus().map(BindingStatus::nextCheckAt).orElse(null),
                at -> work.recheck(item.binding(), at, stored.lastStatus().map(s -> s.operation() != null)
                        .orElse(false))));
        if (result instanceof BindingPass.Done done) {
            return "binding " + item.binding() + " (" + cause(item) + "): " + summary(done.outcome())
                    + (done.saved() ? "" : " (status not stored: the record changed meanwhile)");
        }
        if (result instanceof BindingPass.Skipped skipped) {
            return skipped.why();
        }
        return "binding " + item.binding() + " is no longer managed; nothing to do";
    }

    /** The pass's cause as its status keeps it: the item's reason, and who made the change when someone did. */
    static String cause(WorkItem item) {
        return item.caller() == null ? item.reason() : item.reason() + " (changed by " + item.caller() + ")";
    }

    private String lookAtHsm(WorkItem item) {
        return hsmGate.forHsm(item.hsm(), () -> provisionThenWake(item));
    }

    private String provisionThenWake(WorkItem item) {
        Optional<SpecRecord> request = hsmRequests.get(item.hsm());
        boolean isRecheck = Recheck.dueAt(item.reason()).isPresent();
        boolean becameActive = false;
        String provisioning = "";
        if (request.isPresent()) {
            Optional<HsmStatus> previous = HsmStatus.of(request.get());
            Optional<String> skip = skipRecheck(item, previous.map(HsmStatus::nextCheckAt).orElse(null),
                    at -> work.recheckHsm(item.hsm(), at));
            if (skip.isPresent()) {
                return skip.get();
            }
            HsmOutcome outcome = reconciler.provisionHsm(BindingJson.read(request.get().specJson(), HsmRequest.class),
                    previous.map(HsmStatus::condition).orElse(null));
            Instant next = outcome.requeue().map(clock.instant()::plus).orElse(null);
            hsmRequests.replace(request.get().withStatus(new HsmStatus(outcome.condition(), outcome.writes(), next)
                    .toJson(), request.get().generation()));
            if (next != null) {
                work.recheckHsm(item.hsm(), next);
            }
            becameActive = outcome.condition().isTrue() && previous.map(p -> !p.condition().isTrue()).orElse(true);
            boolean unchanged = previous.map(p -> p.condition().reason() == outcome.condition().reason()
                    && p.condition().status() == outcome.condition().status()).orElse(false);
            // the full message (an activation command, say) once; after that, that nothing changed
            provisioning = "HSM " + item.hsm() + ": " + outcome.condition().reason().json() + (unchanged
                    ? " since " + outcome.condition().lastTransitionTime() + (next == null ? "" : ", next look at " + next)
                    : " " + outcome.condition().message()) + "; ";
        }
        if (isRecheck && !becameActive) {
            return provisioning + "no bindings to wake";
        }
        List<StoredBinding> waiting = catalog.all().stream()
                .filter(stored -> stored.binding().hsm().resourceName().equalsIgnoreCase(item.hsm()))
                .toList();
        waiting.forEach(stored -> work.lookAt(stored.name(), item.reason()));
        return provisioning + "queued " + waiting.size() + " binding(s) of " + item.target();
    }

    /**
     * A scheduled re-check is skipped when a newer pass moved the next check elsewhere, and deferred when it arrived
     * early because the queue could not hold it that long. A newer pass that moved the next check later may have found
     * its re-check covered by this very item's pending marker (due no later), and so queued none: this item, started,
     * no longer covers it, so it is queued now for the time that pass asked (a no-op when one is waiting already).
     *
     * @param queueAt queues the target's re-check for the given time
     */
    private Optional<String> skipRecheck(WorkItem item, Instant storedNextCheck, Consumer<Instant> queueAt) {
        Optional<Instant> due = Recheck.dueAt(item.reason());
        if (due.isEmpty()) {
            return Optional.empty();
        }
        if (storedNextCheck != null && !storedNextCheck.equals(due.get())) {
            if (storedNextCheck.isAfter(due.get())) {
                queueAt.accept(storedNextCheck);
            }
            return Optional.of(item.target() + ": re-check for " + due.get() + " superseded by one for " + storedNextCheck);
        }
        // instances' clocks differ a little: an item that surfaces within the queue's granularity of its time is due
        if (clock.instant().plus(ReconcileQueue.GRANULARITY).isBefore(due.get())) {
            queueAt.accept(due.get());
            return Optional.of(item.target() + ": re-check not due until " + due.get() + "; deferred");
        }
        return Optional.empty();
    }

    private static String summary(ReconcileOutcome outcome) {
        String state = outcome.status().firstUnmet()
                .map(c -> c.type().json() + " " + c.status().json() + " (" + c.reason().json() + ")")
                .orElse("Verified");
        return state + ", " + outcome.writes().size() + " write(s), next look in " + outcome.requeueAfter();
    }

    static Duration retryDelay(long attempt) {
        Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 16));
        return delay.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay;
    }
}
