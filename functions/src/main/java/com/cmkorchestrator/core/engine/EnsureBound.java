package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.OnDrift;
import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.core.ports.TargetBinding;
import com.cmkorchestrator.core.ports.TargetPort;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.cmkorchestrator.core.status.ConditionType.BOUND;

/**
 * {@code Bound}: the resource references the key as its kind and version policy require. Writes only on a
 * difference; a bind refused while the grant propagates surfaces as a slow-retryable error and is retried with
 * backoff by the reconciler. A difference the app did not cause ({@link DriftCheck}) is drift: written back
 * ({@code DriftRepaired}) or, when the binding says {@code onDrift: report}, left as found ({@code DriftReported}).
 */
final class EnsureBound implements Step<AccessGranted, Bound> {

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
    public Link<Bound> ensure(Pass pass, AccessGranted access) {
        Binder binder = binders.get(pass.binding().kind());
        TargetBinding desired = binder.desired(pass, access);
        TargetState target = access.identity().target();
        KeyState key = access.key().key();
        String version = key.latest().version();
        if (binder.matches(target, desired)) {
            return Link.holds(StepResult.of(Condition.isTrue(BOUND, Reason.BOUND, "bound as desired: "
                    + desired.describe(), pass.now()).withKeyVersion(version)), new Bound(access, false));
        }
        Optional<String> drift = DriftCheck.of(pass, target, access.key().ref(), desired);
        if (drift.isPresent() && pass.binding().onDrift() == OnDrift.REPORT) {
            pass.seen().drift(pass.now(), drift.get(), false);
            return Link.stops(StepResult.of(Condition.isFalse(BOUND, Reason.DRIFT_REPORTED, "changed outside the app: "
                    + drift.get() + "; left as found (onDrift: report): restore the resource, change the binding, or "
                    + "set onDrift to repair", pass.now()), pass.settings().failedRecheck()));
        }
        if (target.isBusy()) {
            return Link.stops(StepResult.of(Condition.waiting(BOUND, Reason.TARGET_BUSY, "target is "
                    + target.provisioningState() + "; binding once it settles", pass.now()), pass.settings().hsmPoll()));
        }
        Optional<String> unusable = unusableVersion(pass, key, desired);
        if (unusable.isPresent()) {
            return Link.stops(StepResult.of(Condition.isFalse(BOUND, Reason.VERSION_UNUSABLE, "not writing "
                    + desired.describe() + ": " + unusable.get() + "; the resource keeps the key it has", pass.now()),
                    pass.settings().failedRecheck()));
        }
        pass.writes().perform(Write.Kind.BIND, pass.binding().target(), desired.describe(), () -> targets.bind(desired));
        if (drift.isPresent()) {
            pass.seen().drift(pass.now(), drift.get(), true);
            return Link.holds(StepResult.of(Condition.isTrue(BOUND, Reason.DRIFT_REPAIRED, "changed outside the app: "
                    + drift.get() + "; repaired: wrote " + desired.describe(), pass.now()).withKeyVersion(version)),
                    new Bound(access, true));
        }
        // a rebind moves a resource this binding had already bound on; the first write is a bind
        boolean boundBefore = pass.previous() != null && !pass.previous().versions().isEmpty();
        return Link.holds(StepResult.of(Condition.isTrue(BOUND, boundBefore ? Reason.REBOUND : Reason.BOUND,
                (boundBefore ? "rebound: wrote " : "bound: wrote ") + desired.describe(), pass.now())
                .withKeyVersion(version)), new Bound(access, true));
    }

    /**
     * The last guard before a bind: every version the write would point the resource at (for a versionless
     * reference, the version it resolves to) exists and is usable now, or the resource would lose its key.
     */
    private static Optional<String> unusableVersion(Pass pass, KeyState key, TargetBinding desired) {
        List<KeyRef> keys;
        if (desired instanceof TargetBinding.StorageEncryption storage) {
            keys = List.of(storage.key());
        } else if (desired instanceof TargetBinding.DiskEncryptionSetKey des) {
            keys = List.of(des.key());
        } else {
            var workspace = (TargetBinding.DatabricksEncryption) desired;
            keys = List.of(workspace.managedServicesKey(), workspace.managedDiskKey());
        }
        for (KeyRef ref : keys) {
            String id = ref.version() != null ? ref.version() : key.latest().version();
            Optional<KeyVersion> version = key.version(id);
            if (version.isEmpty()) {
                return Optional.of("version " + id + " of key " + key.name() + " does not exist");
            }
            if (!version.get().isUsableAt(pass.now())) {
                KeyVersion v = version.get();
                return Optional.of("version " + id + " of key " + key.name() + " is "
                        + (!v.enabled() ? "disabled" : v.isExpiredAt(pass.now()) ? "expired since " + v.expiresOn()
                        : "not valid before " + v.notBefore()));
            }
        }
        return Optional.empty();
    }
}
