package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.errors.ErrorClassifier;
import com.cmkorchestrator.core.ports.AzurePorts;
import com.cmkorchestrator.core.rotation.ExpiryAssessment;
import com.cmkorchestrator.core.rotation.TokenBucket;
import com.cmkorchestrator.core.safety.OutOfScopeException;
import com.cmkorchestrator.core.safety.ScopeAllowList;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one reconcile engine: runs the ensure steps in chain order, stops at the first link that does not hold, and
 * says when to look again. It keeps no state between passes; the previous status it is handed is its only memory,
 * so duplicate, lost or reordered triggers cannot confuse it.
 */
public final class Reconciler {

    private final List<EnsureStep> steps;
    private final ScopeAllowList allowList;
    private final Failures failures;
    private final EngineSettings settings;
    private final Clock clock;
    private final TokenBucket armWriteBudget;

    Reconciler(List<EnsureStep> steps, ScopeAllowList allowList, Failures failures, EngineSettings settings, Clock clock,
               TokenBucket armWriteBudget) {
        this.armWriteBudget = armWriteBudget;
        this.steps = List.copyOf(steps);
        this.allowList = allowList;
        this.failures = failures;
        this.settings = settings;
        this.clock = clock;
        List<ConditionType> order = this.steps.stream().map(EnsureStep::type).toList();
        if (!order.equals(List.of(ConditionType.values()))) {
            throw new IllegalArgumentException("steps must follow the chain order, not " + order);
        }
    }

    /** The chain of ensure steps over the given ports. */
    public static Reconciler create(AzurePorts ports, ScopeAllowList allowList, ErrorClassifier classifier,
                                    EngineSettings settings, Clock clock, TokenBucket armWriteBudget) {
        List<EnsureStep> steps = List.of(
                new EnsureHsm(ports.hsms()),
                new EnsureKey(ports.keys(), ExpiryAssessment.standard()),
                new EnsureIdentity(ports.identities(), ports.targets()),
                new EnsureAccess(ports.access()),
                new EnsureBound(ports.targets(), List.of(new StorageBinder(), new DiskEncryptionSetBinder(),
                        new DatabricksBinder())),
                new EnsureVerified(ports.targets()));
        return new Reconciler(steps, allowList, new Failures(classifier, settings), settings, clock, armWriteBudget);
    }

    /**
     * Refuses a binding whose HSM, target or identity to create lies outside the allow-list, before any Azure call.
     *
     * @throws OutOfScopeException naming the first resource outside
     */
    public void requireInScope(Binding binding) {
        allowList.require("HSM", binding.hsm());
        allowList.require("target", binding.target());
        if (binding.identity() != null && binding.identity().create() != null) {
            allowList.require("identity to create", binding.identityId().orElseThrow());
        }
    }

    public ReconcileOutcome reconcile(Binding binding, BindingStatus previous) {
        Instant now = clock.instant();
        BindingStatus before = previous != null ? previous : BindingStatus.initial(binding.name(), now);
        Pass pass = new Pass(binding, before, now, new Writes(allowList, armWriteBudget), settings);
        List<Condition> conditions = new ArrayList<>();
        Duration requeue = null;
        Duration soonest = settings.steadyRecheck();
        try {
            requireInScope(binding);
        } catch (OutOfScopeException e) {
            StepResult refused = failures.of(ConditionType.HSM_READY, e, now);
            conditions.add(refused.condition().since(before.condition(ConditionType.HSM_READY)));
            requeue = refused.recheck();
        }
        for (EnsureStep step : steps) {
            if (conditions.size() > step.type().ordinal()) {
                continue;
            }
            if (requeue != null) {
                conditions.add(Condition.waiting(step.type(), Reason.WAITING_FOR_PREVIOUS,
                        "waiting for " + conditions.get(conditions.size() - 1).type().json(), now)
                        .since(before.condition(step.type())));
                continue;
            }
            StepResult result = run(step, pass);
            conditions.add(result.condition().since(before.condition(step.type())));
            if (!result.condition().isTrue()) {
                requeue = result.recheckAfter().orElse(settings.failedRecheck());
            } else if (result.recheck() != null && result.recheck().compareTo(soonest) < 0) {
                soonest = result.recheck();
            }
        }
        Duration next = requeue != null ? requeue : soonest;
        BindingStatus status = new BindingStatus(binding.name(), conditions,
                pass.inForce.isEmpty() ? before.versions() : VersionLedger.update(before.versions(), pass.inForce, now),
                pass.key != null ? Integer.valueOf(pass.key.versions().size()) : before.keyVersionCount(),
                pass.critical, now, now.plus(next));
        return new ReconcileOutcome(status, pass.writes.performed(), next);
    }

    private StepResult run(EnsureStep step, Pass pass) {
        try {
            return step.ensure(pass);
        } catch (AzureCallException e) {
            return failures.of(step.type(), e, pass.previous(step.type()), pass.now);
        } catch (OutOfScopeException e) {
            return failures.of(step.type(), e, pass.now);
        } catch (KeyRotation.VersionCapReachedException e) {
            return StepResult.of(Condition.isFalse(step.type(), Reason.VERSION_CAP_REACHED, e.getMessage(), pass.now),
                    settings.failedRecheck());
        }
    }
}
