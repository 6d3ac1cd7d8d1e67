package com.cmkorchestrator.core;

import com.cmkorchestrator.core.engine.Coordination;
import com.cmkorchestrator.core.engine.EngineSettings;
import com.cmkorchestrator.core.engine.HsmOutcome;
import com.cmkorchestrator.core.engine.HsmProvisioner;
import com.cmkorchestrator.core.engine.ReconcileOutcome;
import com.cmkorchestrator.core.engine.Reconciler;
import com.cmkorchestrator.core.engine.Sleeper;
import com.cmkorchestrator.core.engine.Write;
import com.cmkorchestrator.core.engine.Writes;
import com.cmkorchestrator.core.errors.ErrorClassifier;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.HsmRequest;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.core.ports.AzurePorts;
import com.cmkorchestrator.core.ports.HsmState;
import com.cmkorchestrator.core.ports.KeyOwnershipPort;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.core.ports.LeasePort;
import com.cmkorchestrator.core.ports.OwnedKey;
import com.cmkorchestrator.core.ports.PacingPort;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.retirement.RetirementDecision;
import com.cmkorchestrator.core.rotation.ExpiryAssessment;
import com.cmkorchestrator.core.rotation.ExpiryVerdict;
import com.cmkorchestrator.core.rotation.FanOut;
import com.cmkorchestrator.core.engine.KeyRotation;
import com.cmkorchestrator.core.rotation.NewVersionPlanner;
import com.cmkorchestrator.core.rotation.RotationPlan;
import com.cmkorchestrator.core.safety.KeyNotOwnedException;
import com.cmkorchestrator.core.safety.ScopeAllowList;
import com.cmkorchestrator.core.safety.VersionRetentionGuard;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.Reason;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the Function App's triggers call: reconcile a binding, provision an HSM, react to key events, rotate on
 * demand, retire a version. Free of storage: callers load and save bindings and statuses. Events carry no orders:
 * each method reads Azure and decides, so duplicate or late events change nothing.
 */
public final class BindingReconciler {

    private final AzurePorts ports;
    private final ScopeAllowList allowList;
    private final EngineSettings settings;
    private final Clock clock;
    private final FanOut fanOut;
    private final Reconciler reconciler;
    private final HsmProvisioner provisioner;
    private final ExpiryAssessment expiry = ExpiryAssessment.standard();
    private final KeyRotation rotation;
    private final VersionRetirement retirement;
    private final KeyOwnershipPort ownedKeys;

    private BindingReconciler(Builder builder) {
        this.ports = builder.ports;
        this.allowList = builder.allowList;
        this.settings = builder.settings;
        this.clock = builder.clock;
        this.fanOut = new FanOut(builder.concurrency);
        this.ownedKeys = builder.ownedKeys;
        Coordination shared = new Coordination(builder.ownedKeys, builder.leases, builder.pacing, builder.sleeper);
        this.reconciler = Reconciler.create(ports, shared, allowList, builder.classifier, settings, clock);
        this.provisioner = HsmProvisioner.create(ports, allowList, builder.classifier, settings, clock, builder.leases,
                builder.appPrincipal);
        this.rotation = new KeyRotation(ports.keys());
        this.retirement = new VersionRetirement(ports, new VersionRetentionGuard());
    }

    public static Builder builder(AzurePorts ports) {
        return new Builder(ports);
    }

    /** Refuses, before any Azure call, a binding that reaches outside the allow-list (for the HTTP layer's 4xx). */
    public void requireInScope(Binding binding) {
        reconciler.requireInScope(binding);
    }

    /** One pass over one binding. Azure errors end up in the status; nothing is thrown for them. */
    public ReconcileOutcome reconcile(Binding binding, BindingStatus previous) {
        return reconciler.reconcile(binding, previous);
    }

    /**
     * One pass over one binding whose spec may have changed since {@code previous} ({@code sameSpec} false): a
     * target that differs is then the app's next write, not a change made outside it.
     */
    public ReconcileOutcome reconcile(Binding binding, BindingStatus previous, boolean sameSpec) {
        return reconciler.reconcile(binding, previous, sameSpec);
    }

    /**
     * A pass refused from the app's own records before any Azure call (another binding declares the same key slot):
     * the status says {@code reason} and {@code message}, and nothing is written.
     */
    public ReconcileOutcome refuse(Binding binding, BindingStatus previous, Reason reason, String message) {
        return reconciler.refuse(binding, previous, reason, message);
    }

    /** One pass over each binding, with bounded concurrency (the ARM pipeline paces the requests). Results in order. */
    public List<ReconcileOutcome> reconcileAll(List<TrackedBinding> bindings) {
        return fanOut.run(bindings, tracked -> reconciler.reconcile(tracked.binding(), tracked.status()));
    }

    /** One pass over an HSM request; {@code previous} is the condition the last pass returned. */
    public HsmOutcome provisionHsm(HsmRequest request, Condition previous) {
        return provisioner.ensure(request, previous);
    }

    /**
     * A key changed, or its expiry nears (any key event, coalesced into one look per key): reads the HSM and the key
     * once (and the rotation policy when the current version expires), rotates when expiry calls for it and nothing
     * else will in time (a key the app owns only), and plans the bindings of the key not yet on its current version:
     * pinned ones now, self-rotating ones after their service's pickup window; once the current version has expired,
     * every binding of the key now. Bindings already on the current version are left alone, so a repeated event
     * costs its reads and nothing else.
     *
     * @param bindings every binding with its last status; those of other keys are left out
     * @throws KeyNotOwnedException before the rotation, when one is needed and the app does not own the key
     */
    public KeyEventResponse onKeyChange(ArmId hsm, String keyName, List<TrackedBinding> bindings) {
        allowList.require("HSM", hsm);
        HsmState state = activeHsm(hsm);
        URI uri = state.hsmUri();
        KeyState key = key(state, keyName);
        Optional<KeyRotationPolicy> policy = key.latest().expiresOn() == null ? Optional.empty()
                : ports.keys().getRotationPolicy(uri, keyName);
        Instant now = clock.instant();
        var near = policy.map(KeyRotationPolicy::notifyBeforeExpiry).filter(Objects::nonNull).orElse(settings.nearExpiry());
        ExpiryVerdict verdict = expiry.assess(key.latest(), policy, near, now);
        List<Binding> ofKey = bindings.stream().map(TrackedBinding::binding)
                .filter(b -> NewVersionPlanner.usesKey(b, hsm, keyName)).toList();
        if (!verdict.needsRotation()) {
            List<Binding> behind = bindings.stream().filter(tracked -> behind(tracked, key.latest().version()))
                    .map(TrackedBinding::binding).toList();
            return new KeyEventResponse(verdict, null, NewVersionPlanner.plan(hsm, keyName, key.latest(), behind),
                    List.of(), false);
        }
        requireOwned(hsm, keyName);
        boolean expired = verdict.state() == ExpiryVerdict.State.EXPIRED;
        Writes writes = new Writes(allowList);
        KeyVersion created = rotation.rotate(hsm, uri, key, verdict.message(), writes);
        RotationPlan plan = expired
                // every resource may be on the dead version: look at all of them now, auto or not
                ? new RotationPlan(ofKey, List.of())
                : NewVersionPlanner.plan(hsm, keyName, created, ofKey);
        return new KeyEventResponse(verdict, created, plan, writes.performed(), expired);
    }

    /** Whether a binding's resource is not yet known to use {@code version} in every slot it binds. */
    private static boolean behind(TrackedBinding tracked, String version) {
        return tracked.status() == null || tracked.binding().kind().slots().stream()
                .anyMatch(slot -> !tracked.status().versionInUse(slot).map(version::equalsIgnoreCase).orElse(false));
    }

    /**
     * Rotates the key now ({@code POST /api/keys/{hsm}/{key}/rotate}) and plans the rebinds.
     *
     * @throws KeyNotOwnedException before any Azure call when the app neither created the key nor adopted it
     */
    public KeyEventResponse rotateNow(ArmId hsm, String keyName, List<Binding> bindings) {
        allowList.require("HSM", hsm);
        requireOwned(hsm, keyName);
        HsmState state = activeHsm(hsm);
        KeyState key = key(state, keyName);
        Writes writes = new Writes(allowList);
        KeyVersion created = rotation.rotate(hsm, state.hsmUri(), key, "rotation requested", writes);
        return new KeyEventResponse(null, created, NewVersionPlanner.plan(hsm, keyName, created, bindings),
                writes.performed(), false);
    }

    /**
     * Disables one version of a key, only if no resource in the allow-list (bound or not, as ARM lists them) uses it,
     * no binding's resource left it inside its pickup window, and it is not the current version.
     *
     * @throws com.cmkorchestrator.core.safety.RetentionViolationException when that would take data offline
     * @throws KeyNotOwnedException before any Azure call when the app does not own the key
     */
    public List<Write> retireVersion(ArmId hsm, String keyName, String version, List<TrackedBinding> bindings) {
        allowList.require("HSM", hsm);
        requireOwned(hsm, keyName);
        HsmState state = activeHsm(hsm);
        KeyState key = key(state, keyName);
        Writes writes = new Writes(allowList);
        retirement.retire(hsm, KeyRef.of(state.hsmUri(), keyName).withVersion(version), key, bindings,
                resourcesInScope(), clock.instant(), writes);
        return writes.performed();
    }

    /**
     * Every storage account, disk encryption set and Databricks workspace in the allow-list, as ARM lists them (one
     * read per page): the evidence retirement needs, since a resource no binding manages may use a key too.
     */
    public List<TargetState> resourcesInScope() {
        Map<ArmId, TargetState> found = new LinkedHashMap<>();
        for (ArmId scope : allowList.scopes()) {
            for (TargetKind kind : TargetKind.values()) {
                try (var listed = ports.targets().list(scope, kind)) {
                    listed.forEach(resource -> found.putIfAbsent(resource.id(), resource));
                }
            }
        }
        return List.copyOf(found.values());
    }

    /**
     * Disables the versions of key {@code keyName} that are due ({@code retireAfter} after their successor became
     * current) and that no resource in {@code resources} nor any binding still needs; never deletes. Only a key the
     * app owns (created or adopted) is touched.
     *
     * @param resources every resource in the allow-list ({@link #resourcesInScope})
     * @return a decision, with its evidence, for each version that was due
     * @throws KeyNotOwnedException before any Azure call when the app does not own the key
     */
    public Retirement retireDueVersions(ArmId hsm, String keyName, Period retireAfter, List<TrackedBinding> bindings,
                                        List<TargetState> resources) {
        allowList.require("HSM", hsm);
        requireOwned(hsm, keyName);
        HsmState state = activeHsm(hsm);
        KeyState key = key(state, keyName);
        Writes writes = new Writes(allowList);
        List<RetirementDecision> decisions = retirement.retireDue(hsm, KeyRef.of(state.hsmUri(), keyName), key,
                retireAfter, bindings, resources, clock.instant(), writes);
        return new Retirement(decisions, writes.performed());
    }

    /** What a retirement decided for each due version, and the versions it disabled. */
    public record Retirement(List<RetirementDecision> decisions, List<Write> writes) {
        public Retirement {
            decisions = List.copyOf(decisions);
            writes = List.copyOf(writes);
        }
    }

    /** The app's record of owning the key; its own state, so a refusal costs no Azure call. */
    private OwnedKey requireOwned(ArmId hsm, String keyName) {
        return ownedKeys.find(hsm.resourceName(), keyName).orElseThrow(() -> new KeyNotOwnedException(hsm, keyName));
    }

    private HsmState activeHsm(ArmId hsm) {
        HsmState state = ports.hsms().get(hsm).orElseThrow(() -> new NoSuchElementException("managed HSM " + hsm
                + " does not exist"));
        if (!state.isActive()) {
            throw new IllegalStateException("managed HSM " + hsm + " is not active (" + state.provisioningState()
                    + ", " + state.activationStatus() + ")");
        }
        return state;
    }

    private KeyState key(HsmState hsm, String keyName) {
        return ports.keys().getKey(hsm.hsmUri(), keyName).orElseThrow(() -> new NoSuchElementException("key "
                + keyName + " does not exist in " + hsm.hsmUri()));
    }

    /** Wiring, once per process; fails fast on a missing allow-list. */
    public static final class Builder {
        private final AzurePorts ports;
        private ScopeAllowList allowList;
        private EngineSettings settings = EngineSettings.defaults(null);
        private Clock clock = Clock.systemUTC();
        private ErrorClassifier classifier = ErrorClassifier.standard();
        private int concurrency = 8;
        private KeyOwnershipPort ownedKeys;
        private LeasePort leases;
        private PacingPort pacing;
        private Sleeper sleeper = Sleeper.THREAD;
        private Supplier<String> appPrincipal = () -> {
            throw new IllegalStateException("the app's own principal (object ID) is not known to this reconciler");
        };

        private Builder(AzurePorts ports) {
            this.ports = Objects.requireNonNull(ports, "ports");
        }

        public Builder allowList(ScopeAllowList allowList) {
            this.allowList = allowList;
            return this;
        }

        public Builder settings(EngineSettings settings) {
            this.settings = Objects.requireNonNull(settings);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder classifier(ErrorClassifier classifier) {
            this.classifier = Objects.requireNonNull(classifier);
            return this;
        }

        /** The app's record of the keys it owns: the only keys it writes to. Required. */
        public Builder ownedKeys(KeyOwnershipPort ownedKeys) {
            this.ownedKeys = Objects.requireNonNull(ownedKeys);
            return this;
        }

        /** Leases shared by every instance, around the steps that must happen once. Required. */
        public Builder leases(LeasePort leases) {
            this.leases = Objects.requireNonNull(leases);
            return this;
        }

        /** Pacing cursors shared by every instance, for the HSM's unreported limits. Required. */
        public Builder pacing(PacingPort pacing) {
            this.pacing = Objects.requireNonNull(pacing);
            return this;
        }

        /** How a step waits a moment for its paced slot; {@link Thread#sleep} by default. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper);
            return this;
        }

        /**
         * The app's own object ID, read when first needed: on an HSM it provisions, the app grants itself its key
         * operator role. Without it that grant fails, and nothing else does.
         */
        public Builder appPrincipal(Supplier<String> principal) {
            this.appPrincipal = Objects.requireNonNull(principal);
            return this;
        }

        /** How many bindings a fan-out reconciles at once (8 by default). */
        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        public BindingReconciler build() {
            if (allowList == null) {
                throw new IllegalStateException("a scope allow-list is required: the orchestrator acts nowhere without one");
            }
            if (ownedKeys == null || leases == null || pacing == null) {
                throw new IllegalStateException("the owned-keys record, leases and pacing are required: without them"
                        + " the app could write to keys it does not own, or create one twice");
            }
            return new BindingReconciler(this);
        }
    }
}
