package com.cmkorchestrator.app;

import com.cmkorchestrator.core.BindingReconciler;
import com.cmkorchestrator.core.engine.ReconcileOutcome;
import com.cmkorchestrator.core.status.Reason;
import com.cmkorchestrator.state.SpecRecord;
import com.cmkorchestrator.state.SpecStore;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One reconcile pass over one stored binding, as the queue worker and the health sweep both run it: under the
 * binding's gate, the record read fresh, its key slots checked (a binding that does not own them writes nothing:
 * {@code Failed/Conflict}), the pass run, its status stored and its re-check queued.
 */
public final class BindingPass {

    private final SpecStore bindings;
    private final BindingReconciler reconciler;
    private final PassRecorder recorder;
    private final SlotOwnership slots;
    private final PassGate gate = new PassGate();

    public BindingPass(SpecStore bindings, BindingReconciler reconciler, PassRecorder recorder, SlotOwnership slots) {
        this.bindings = bindings;
        this.reconciler = reconciler;
        this.recorder = recorder;
        this.slots = slots;
    }

    /** What became of a pass. */
    public sealed interface Result {
    }

    /** The binding is no longer managed. */
    public record Gone() implements Result {
    }

    /** The pass was not run, for the reason given. */
    public record Skipped(String why) implements Result {
    }

    /**
     * @param before the binding as read for the pass
     * @param saved  whether its status was stored (false when the record changed meanwhile)
     */
    public record Done(StoredBinding before, ReconcileOutcome outcome, boolean saved) implements Result {
        public Done {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /**
     * @param cause    what asked for the pass (a work item's reason, the sweep), stored with its status
     * @param precheck given the stored binding, a reason not to run the pass now, or empty to run it
     * @throws IllegalStateException when the stored binding cannot be read
     */
    public Result run(String name, String cause, Function<StoredBinding, Optional<String>> precheck) {
        return gate.forBinding(name, () -> {
            Optional<SpecRecord> record = bindings.get(name);
            if (record.isEmpty()) {
                return new Gone();
            }
            StoredBinding stored = StoredBinding.of(record.get());
            Optional<String> skip = precheck.apply(stored);
            if (skip.isPresent()) {
                return new Skipped(skip.get());
            }
            Optional<String> conflict = slots.conflict(stored.binding());
            ReconcileOutcome outcome = conflict.isPresent()
                    ? reconciler.refuse(stored.binding(), stored.status(), Reason.CONFLICT, conflict.get())
                    : gate.forKey(stored.binding(), stored.status(), () -> reconciler.reconcile(stored.binding(),
                    stored.status(), stored.record().upToDate()));
            return new Done(stored, outcome, recorder.record(record.get(), outcome, cause));
        });
    }
}
