package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.core.ports.TargetBinding;
import com.cmkorchestrator.core.ports.TargetPort;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static com.cmkorchestrator.core.status.ConditionType.BOUND;

/**
 * {@code Bound}: the resource references the key as its kind and version policy require. Writes only on a
 * difference; a bind refused while the grant propagates surfaces as a slow-retryable error and is retried with
 * backoff by the reconciler.
 */
final class EnsureBound implements EnsureStep {

    private final TargetPort targets;
    private final Map<TargetKind, Binder> binders = new EnumMap<>(TargetKind.class);

    EnsureBound(TargetPort targets, List<Binder> binders) {
        this.targets = targets;
        binders.forEach(binder -> this.binders.put(binder.kind(), binder));
    }

    @Override
    public ConditionType type() {
        return BOUND;
    }

    @Override
    public StepResult ensure(Pass pass) {
        Binder binder = binders.get(pass.binding.kind());
        TargetBinding desired = binder.desired(pass);
        String version = pass.key.latest().version();
        if (binder.matches(pass.target, desired)) {
            return StepResult.of(Condition.isTrue(BOUND, Reason.BOUND, "bound as desired: " + desired.describe(), pass.now)
                    .withKeyVersion(version));
        }
        if (pass.target.isBusy()) {
            return StepResult.of(Condition.waiting(BOUND, Reason.TARGET_BUSY, "target is "
                    + pass.target.provisioningState() + "; binding once it settles", pass.now), pass.settings.hsmPoll());
        }
        pass.writes.perform(Write.Kind.BIND, pass.binding.target(), desired.describe(), () -> targets.bind(desired));
        pass.targetWritten = true;
        return StepResult.of(Condition.isTrue(BOUND, Reason.REBOUND, "wrote " + desired.describe(), pass.now)
                .withKeyVersion(version));
    }
}
