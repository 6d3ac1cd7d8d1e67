package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.safety.OutOfScopeException;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.Reason;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the links of one pass in the order their types give, each on what the one before established: a link whose
 * predecessor did not hold waits for it, an Azure failure becomes the link's condition, and the pass keeps the
 * re-check its first unmet link asks for (or the soonest hint of the links that hold).
 */
final class Chain {

    private final Pass pass;
    private final Failures failures;
    private final List<Condition> conditions = new ArrayList<>();
    /** Set by the first link that does not hold. */
    private Duration requeue;
    private Duration soonest;

    Chain(Pass pass, Failures failures) {
        this.pass = pass;
        this.failures = failures;
        this.soonest = pass.settings().steadyRecheck();
    }

    /** The link {@code step} refused before it ran, for the reason given; every later link waits. */
    <O> Optional<O> refuse(Step<?, O> step, StepResult refusal) {
        record(step, refusal);
        return Optional.empty();
    }

    /** Runs {@code step} on what its predecessor established, or records it waiting when that did not hold. */
    <I, O> Optional<O> then(Step<I, O> step, Optional<I> established) {
        if (established.isEmpty()) {
            Condition last = conditions.get(conditions.size() - 1);
            conditions.add(Condition.waiting(step.type(), Reason.WAITING_FOR_PREVIOUS,
                    "waiting for " + last.type().json(), pass.now()).since(pass.previous(step.type())));
            return Optional.empty();
        }
        Link<O> link = run(step, established.get());
        record(step, link.result());
        return link.value();
    }

    List<Condition> conditions() {
        return List.copyOf(conditions);
    }

    /** When to look again: the first unmet link's wish, else the soonest hint of the links that hold. */
    Duration next() {
        return requeue != null ? requeue : soonest;
    }

    private <I, O> Link<O> run(Step<I, O> step, I established) {
        try {
            return step.ensure(pass, established);
        } catch (AzureCallException e) {
            return Link.stops(failures.of(step.type(), e, pass.previous(step.type()), pass.now()));
        } catch (OutOfScopeException e) {
            return Link.stops(failures.of(step.type(), e, pass.now()));
        } catch (KeyRotation.VersionCapReachedException e) {
            return Link.stops(StepResult.of(Condition.isFalse(step.type(), Reason.VERSION_CAP_REACHED, e.getMessage(),
                    pass.now()), pass.settings().failedRecheck()));
        }
    }

    private void record(Step<?, ?> step, StepResult result) {
        Condition previous = pass.previous(step.type());
        conditions.add(WaitHorizons.apply(result.condition(), previous, pass.now()).since(previous));
        if (!result.condition().isTrue()) {
            requeue = result.recheckAfter().orElse(pass.settings().failedRecheck());
        } else if (result.recheck() != null && result.recheck().compareTo(soonest) < 0) {
            soonest = result.recheck();
        }
    }
}
