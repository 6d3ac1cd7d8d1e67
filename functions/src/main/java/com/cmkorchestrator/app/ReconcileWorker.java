package com.cmkorchestrator.app;

import com.cmkorchestrator.core.BindingReconciler;
import com.cmkorchestrator.core.engine.HsmOutcome;
import com.cmkorchestrator.core.engine.ReconcileOutcome;
import com.cmkorchestrator.core.model.BindingJson;
import com.cmkorchestrator.core.model.HsmRequest;
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
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Processes one work item from the reconcile queue: a binding gets one reconcile pass; an HSM gets one provisioning
 * pass (when it was requested here) and then its bindings are queued. A failed item goes back to the queue with its
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
        try {
            return process(received.item());
        } catch (RuntimeException e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            Duration retry = retryDelay(received.attempts());
            LOG.log(Level.WARNING, "work item " + received.item().target() + " failed (attempt " + received.attempts()
                    + ")", e);
            try {
                ReconcileQueue.FailureOutcome outcome = queue.fail(received, error, retry);
                return received.item().target() + " failed: " + error + (outcome == ReconcileQueue.FailureOutcome.POISONED
                        ? "; moved to " + queue.poisonName() : "; retrying in " + retry);
            } catch (ConcurrentUpdateException stale) {
                return received.item().target() + " failed: " + error + "; another consumer holds the item now";
            }
        }
    }

    /** One pass for the item's target. */
    public String process(WorkItem item) {
        return item.binding() != null ? reconcileBinding(item) : lookAtHsm(item);
    }

    private String reconcileBinding(WorkItem item) {
        BindingPass.Result result = passes.run(item.binding(), item.cause(), stored -> skipRecheck(item,
                stored.lastStatus().map(BindingStatus::nextCheckAt).orElse(null),
                () -> work.recheck(item.binding(), Recheck.dueAt(item.reason()).orElseThrow())));
        if (result instanceof BindingPass.Done done) {
            return "binding " + item.binding() + " (" + item.cause() + "): " + summary(done.outcome())
                    + (done.saved() ? "" : " (status not stored: the record changed meanwhile)");
        }
        if (result instanceof BindingPass.Skipped skipped) {
            return skipped.why();
        }
        return "binding " + item.binding() + " is no longer managed; nothing to do";
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
                    () -> work.recheckHsm(item.hsm(), Recheck.dueAt(item.reason()).orElseThrow()));
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
                .filter(stored -> item.key() == null || stored.binding().key().name().equalsIgnoreCase(item.key()))
                .toList();
        waiting.forEach(stored -> work.lookAt(stored.name(), item.reason()));
        return provisioning + "queued " + waiting.size() + " binding(s) of " + item.target();
    }

    /**
     * A scheduled re-check is skipped when a newer pass moved the next check elsewhere (it queued its own), and
     * deferred when it arrived early because the queue could not hold it that long.
     */
    private Optional<String> skipRecheck(WorkItem item, Instant storedNextCheck, Runnable deferAgain) {
        Optional<Instant> due = Recheck.dueAt(item.reason());
        if (due.isEmpty()) {
            return Optional.empty();
        }
        if (storedNextCheck != null && !storedNextCheck.equals(due.get())) {
            return Optional.of(item.target() + ": re-check for " + due.get() + " superseded by one for " + storedNextCheck);
        }
        // a Storage queue counts delays in whole seconds, so an item may surface up to a second early
        if (clock.instant().plusSeconds(1).isBefore(due.get())) {
            deferAgain.run();
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
