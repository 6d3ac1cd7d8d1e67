package com.cmkorchestrator.app;

import com.cmkorchestrator.core.engine.ReconcileOutcome;
import com.cmkorchestrator.core.model.BindingJson;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.state.ConcurrentUpdateException;
import com.cmkorchestrator.state.SpecRecord;
import com.cmkorchestrator.state.SpecStore;

import java.util.logging.Logger;

/**
 * Keeps the result of a reconcile pass: the status goes into the binding record (conditional on the ETag the pass
 * read) and the re-check the pass asked for goes on the queue.
 *
 * <p>When the record changed meanwhile, the pass's status is dropped rather than retried: either the spec changed
 * (and a pass for the new generation is queued) or another pass saved a status for the same generation, which is as
 * current as this one and queued its own re-check. Either way nothing is lost by dropping, and two instances never
 * overwrite each other.
 */
public final class PassRecorder {

    private static final Logger LOG = Logger.getLogger(PassRecorder.class.getName());

    /** Told of every status stored, for what must not wait for the next health sweep (a slot conflict, a drift). */
    @FunctionalInterface
    public interface Listener {
        void recorded(String binding, BindingStatus status);
    }

    private final SpecStore bindings;
    private final WorkScheduler work;
    private final Listener listener;

    public PassRecorder(SpecStore bindings, WorkScheduler work, Listener listener) {
        this.bindings = bindings;
        this.work = work;
        this.listener = listener;
    }

    /**
     * @param cause what queued the pass, kept with its status so that a reader sees why it ran
     * @return whether the status was stored (and the re-check queued)
     */
    public boolean record(SpecRecord read, ReconcileOutcome outcome, String cause) {
        BindingStatus status = outcome.status().withCause(cause);
        SpecRecord next = read.withStatus(BindingJson.write(status), read.generation());
        try {
            bindings.replace(next);
        } catch (ConcurrentUpdateException e) {
            LOG.info(() -> "binding '" + read.name() + "' changed during its pass; keeping the newer record");
            return false;
        }
        work.recheck(read.name(), status.nextCheckAt(), status.operation() != null);
        listener.recorded(read.name(), status);
        return true;
    }
}
