package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.core.ports.TargetBinding;
import com.cmkorchestrator.core.ports.TargetPort;
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
        Optional<String> unusable = unusableVersion(pass, desired);
        if (unusable.isPresent()) {
            return StepResult.of(Condition.isFalse(BOUND, Reason.VERSION_UNUSABLE, "not writing " + desired.describe()
                    + ": " + unusable.get() + "; the resource keeps the key it has", pass.now), pass.settings.failedRecheck());
        }
        pass.writes.perform(Write.Kind.BIND, pass.binding.target(), desired.describe(), () -> targets.bind(desired));
        pass.targetWritten = true;
        // a rebind moves a resource this binding had already bound on; the first write is a bind
        boolean boundBefore = pass.previous != null && !pass.previous.versions().isEmpty();
        return StepResult.of(Condition.isTrue(BOUND, boundBefore ? Reason.REBOUND : Reason.BOUND,
                (boundBefore ? "rebound: wrote " : "bound: wrote ") + desired.describe(), pass.now)
                .withKeyVersion(version));
    }

    /**
     * The last guard before a bind: every version the write would point the resource at (for a versionless
     * reference, the version it resolves to) exists and is usable now, or the resource would lose its key.
     */
    private static Optional<String> unusableVersion(Pass pass, TargetBinding desired) {
        List<KeyRef> keys;
        if (desired instanceof TargetBinding.StorageEncryption storage) {
            keys = List.of(storage.key());
        } else if (desired instanceof TargetBinding.DiskEncryptionSetKey des) {
            keys = List.of(des.key());
        } else {
            var workspace = (TargetBinding.DatabricksEncryption) desired;
            keys = List.of(workspace.managedServicesKey(), workspace.managedDiskKey());
        }
        for (KeyRef key : keys) {
            String id = key.version() != null ? key.version() : pass.key.latest().version();
            Optional<KeyVersion> version = pass.key.version(id);
            if (version.isEmpty()) {
                return Optional.of("version " + id + " of key " + pass.key.name() + " does not exist");
            }
            if (!version.get().isUsableAt(pass.now)) {
                KeyVersion v = version.get();
                return Optional.of("version " + id + " of key " + pass.key.name() + " is "
                        + (!v.enabled() ? "disabled" : v.isExpiredAt(pass.now) ? "expired since " + v.expiresOn()
                        : "not valid before " + v.notBefore()));
            }
        }
        return Optional.empty();
    }
}
