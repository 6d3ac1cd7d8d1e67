package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.OnDrift;
import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.core.ports.TargetBinding;
import com.cmkorchestrator.core.ports.TargetOperation;
import com.cmkorchestrator.core.ports.TargetPort;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.ports.TargetWrite;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;

import java.time.Duration;
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
 *
 * <p>A write ARM runs as a long-running operation is begun, never waited for (docs/concurrency.md section 4): the
 * operation goes into the status, the link waits ({@code OperationInProgress}) for as long as ARM's
 * {@code Retry-After} says, and the next pass polls it. With no operation recorded (a pass that began one and died
 * before its status was kept), the pass reads the resource: busy means wait, already as desired means go on, anything
 * else means write again.
 */
final class EnsureBound implements Step<AccessGranted, Bound> {

    /** ARM asks for whole seconds; a {@code Retry-After} of zero would spin the queue. */
    private static final Duration SHORTEST_POLL = Duration.ofSeconds(1);

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
        Optional<TargetOperation> running = pass.previous().operationOn(pass.binding().target());
        if (running.isPresent()) {
            Optional<Link<Bound>> polled = poll(pass, access, running.get());
            if (polled.isPresent()) {
                return polled.get();
            }
        }
        Binder binder = binders.get(pass.binding().kind());
        TargetState target = access.identity().target();
        // a binding that only reports drift has its target read before each write: the write must not overwrite a change
        boolean mayWriteUnread = pass.binding().onDrift() != OnDrift.REPORT;
        if (target == null && running.isEmpty() && mayWriteUnread && binder.writesWithoutRead(pass, access.key())) {
            return writeUnread(pass, access, binder.desired(pass, access, null));
        }
        if (target == null) {
            Optional<TargetState> read = targets.read(pass.binding().target());
            if (read.isEmpty()) {
                return Link.stops(StepResult.of(Condition.isFalse(BOUND, Reason.TARGET_NOT_FOUND, "target "
                        + pass.binding().target() + " does not exist", pass.now()), pass.settings().failedRecheck()));
            }
            target = read.get();
        }
        if (target.isBusy()) {
            // perhaps this app's own write, whose record a pass that died did not keep: it may yet land or fail
            return Link.stops(StepResult.of(Condition.waiting(BOUND, Reason.TARGET_BUSY, "target is "
                    + target.provisioningState() + "; looking again once it settles", pass.now()),
                    pass.settings().hsmPoll()));
        }
        TargetBinding desired = binder.desired(pass, access, target);
        String version = access.key().key().latest().version();
        if (binder.matches(target, desired)) {
            return Link.holds(StepResult.of(Condition.isTrue(BOUND, Reason.BOUND, "bound as desired: "
                    + desired.describe(), pass.now()).withKeyVersion(version)), new Bound(access, target));
        }
        Optional<String> drift = DriftCheck.of(pass, target, access.key().ref(), desired);
        if (drift.isPresent() && pass.binding().onDrift() == OnDrift.REPORT) {
            pass.seen().drift(pass.now(), drift.get(), false);
            return Link.stops(StepResult.of(Condition.isFalse(BOUND, Reason.DRIFT_REPORTED, "changed outside the app: "
                    + drift.get() + "; left as found (onDrift: report): restore the resource, change the binding, or "
                    + "set onDrift to repair", pass.now()), pass.settings().failedRecheck()));
        }
        return write(pass, access, desired, drift);
    }

    /** One look at the write in flight; empty when ARM no longer knows it, so that the resource must be read. */
    private Optional<Link<Bound>> poll(Pass pass, AccessGranted access, TargetOperation operation) {
        Optional<TargetWrite> progress = targets.poll(operation);
        if (progress.isEmpty()) {
            pass.seen().operationEnded();
            return Optional.empty();
        }
        if (progress.get() instanceof TargetWrite.Failed failed) {
            pass.seen().operationEnded();
            throw failed.error();
        }
        return Optional.of(ended(pass, access, "the write begun earlier ended", progress.get()));
    }

    /** A rebind whose write says all: no read before it, the write's answer read back instead. */
    private Link<Bound> writeUnread(Pass pass, AccessGranted access, TargetBinding desired) {
        try {
            return write(pass, access, desired, Optional.empty());
        } catch (AzureCallException e) {
            if (e.httpStatus() == 429) {
                // not sent, or refused by ARM's front door before the provider saw it: the resource is still where
                // the last pass left it, so this status says so, and the next pass goes unread too
                String still = pass.previous(BOUND).keyVersion();
                return Link.stops(StepResult.of(Condition.waiting(BOUND, Reason.PACED, e.operation() + " waits for"
                        + " ARM's write budget (" + e.getMessage() + "); still on version " + still, pass.now())
                        .withKeyVersion(still), e.retryAfter().orElse(pass.settings().shortRequeue())));
            }
            if (e.httpStatus() != 400 && e.httpStatus() != 404) {
                throw e;
            }
            // the resource changed since the last pass (identity detached, resource gone): the next pass reads it
            return Link.stops(StepResult.of(Condition.waiting(BOUND, Reason.AZURE_RETRYING, e.operation()
                    + " without reading the target first was refused (" + e.getMessage() + "); looking again with a read",
                    pass.now()), pass.settings().shortRequeue()));
        }
    }

    /** Writes {@code desired}; {@code drift} is the change made outside the app that the write repairs, if any. */
    private Link<Bound> write(Pass pass, AccessGranted access, TargetBinding desired, Optional<String> drift) {
        Optional<String> unusable = unusableVersion(pass, access.key().key(), desired);
        if (unusable.isPresent()) {
            return unusable(pass, desired, unusable.get());
        }
        TargetWrite written = pass.writes().perform(Write.Kind.BIND, pass.binding().target(), desired.describe(),
                () -> targets.bind(desired));
        if (drift.isPresent()) {
            pass.seen().drift(pass.now(), drift.get(), true);
            if (written instanceof TargetWrite.Done done && done.concurrentChanges().isEmpty()) {
                pass.seen().operationEnded();
                return Link.holds(StepResult.of(Condition.isTrue(BOUND, Reason.DRIFT_REPAIRED, "changed outside the "
                        + "app: " + drift.get() + "; repaired: wrote " + desired.describe(), pass.now())
                        .withKeyVersion(access.key().key().latest().version())), new Bound(access, done.state()));
            }
        }
        return ended(pass, access, "wrote " + desired.describe(), written);
    }

    /** What a write (or the operation it began) came to: done, or still running. */
    private static Link<Bound> ended(Pass pass, AccessGranted access, String what, TargetWrite written) {
        String version = access.key().key().latest().version();
        if (written instanceof TargetWrite.Running running) {
            TargetOperation operation = running.operation();
            pass.seen().operation(operation);
            Duration wait = operation.retryAfter().compareTo(SHORTEST_POLL) < 0 ? SHORTEST_POLL : operation.retryAfter();
            return Link.stops(StepResult.of(Condition.waiting(BOUND, Reason.OPERATION_IN_PROGRESS, what
                    + ": ARM runs it as a long-running operation (" + operation.url() + "); looking again in "
                    + wait.toSeconds() + " s", pass.now()).withKeyVersion(version), wait));
        }
        pass.seen().operationEnded();
        TargetWrite.Done done = (TargetWrite.Done) written;
        if (!done.concurrentChanges().isEmpty()) {
            return Link.holds(StepResult.of(Condition.isTrue(BOUND, Reason.CONCURRENT_CHANGE, what + "; meanwhile "
                    + "someone else changed " + String.join(", ", done.concurrentChanges())
                    + ": kept as they are, not reverted", pass.now()).withKeyVersion(version)),
                    new Bound(access, done.state()));
        }
        // a rebind moves a resource this binding had already bound on; the first write is a bind
        boolean boundBefore = !pass.previous().versions().isEmpty();
        return Link.holds(StepResult.of(Condition.isTrue(BOUND, boundBefore ? Reason.REBOUND : Reason.BOUND,
                (boundBefore ? "rebound: " : "bound: ") + what, pass.now()).withKeyVersion(version)),
                new Bound(access, done.state()));
    }

    private static Link<Bound> unusable(Pass pass, TargetBinding desired, String why) {
        return Link.stops(StepResult.of(Condition.isFalse(BOUND, Reason.VERSION_UNUSABLE, "not writing "
                + desired.describe() + ": " + why + "; the resource keeps the key it has", pass.now()),
                pass.settings().failedRecheck()));
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
