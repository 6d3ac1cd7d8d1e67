package com.cmkorchestrator.core;

import com.cmkorchestrator.core.engine.Coordination;
import com.cmkorchestrator.core.engine.EngineSettings;
import com.cmkorchestrator.core.engine.HsmOutcome;
import com.cmkorchestrator.core.engine.HsmProvisioner;
import com.cmkorchestrator.core.engine.ReconcileOutcome;
import com.cmkorchestrator.core.engine.Reconciler;
import com.cmkorchestrator.core.engine.Write;
import com.cmkorchestrator.core.engine.Writes;
import com.cmkorchestrator.core.errors.ErrorClassifier;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.HsmRequest;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.ports.AzurePorts;
import com.cmkorchestrator.core.ports.HsmState;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.retirement.RetirementDecision;
import com.cmkorchestrator.core.rotation.ExpiryAssessment;
import com.cmkorchestrator.core.rotation.ExpiryVerdict;
import com.cmkorchestrator.core.rotation.FanOut;
import com.cmkorchestrator.core.engine.KeyRotation;
import com.cmkorchestrator.core.rotation.NewVersionPlanner;
import com.cmkorchestrator.core.rotation.RotationPlan;
import com.cmkorchestrator.core.rotation.TokenBucket;
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
    private final TokenBucket armWriteBudget;
    private final FanOut fanOut;
    private final Reconciler reconciler;
    private final HsmProvisioner provisioner;
    private final ExpiryAssessment expiry = ExpiryAssessment.standard();
    private final KeyRotation rotation;
    private final VersionRetirement retirement;

    private BindingReconciler(Builder builder) {
        this.ports = builder.ports;
        this.allowList = builder.allowList;
        this.settings = builder.settings;
        this.clock = builder.clock;
        this.armWriteBudget = builder.armWriteBudget;
        this.fanOut = new FanOut(builder.concurrency);
        this.reconciler = Reconciler.create(ports, builder.coordination, allowList, builder.classifier, settings, clock,
                armWriteBudget);
        this.provisioner = HsmProvisioner.create(ports, allowList, builder.classifier, settings, clock, armWriteBudget);
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

    /** One pass over each binding, with bounded concurrency; ARM writes share the write budget. Results in order. */
    public List<ReconcileOutcome> reconcileAll(List<TrackedBinding> bindings) {
        return fanOut.run(bindings, tracked -> reconciler.reconcile(tracked.binding(), tracked.status()));
    }

    /** One pass over an HSM request; {@code previous} is the condition the last pass returned. */
    public HsmOutcome provisionHsm(HsmRequest request, Condition previous) {
        return provisioner.ensure(request, previous);
    }

    /**
     * A key got a new version (rotation by policy, or an event from the HSM bridge): which bindings to rebind now
     * and which to verify after their pickup window. Reads only.
     */
    public RotationPlan onNewKeyVersion(ArmId hsm, String keyName, String version, List<Binding> bindings) {
        HsmState state = activeHsm(hsm);
        KeyVersion created = key(state, keyName).version(version)
                .orElseGet(() -> new KeyVersion(version, true, clock.instant(), null, null));
        return NewVersionPlanner.plan(hsm, keyName, created, bindings);
    }

    /** Near expiry: rotate now if the policy will not rotate in time, then rebind; otherwise only report. */
    public KeyEventResponse onNearExpiry(ArmId hsm, String keyName, List<Binding> bindings) {
        return respondToExpiry(hsm, keyName, bindings);
    }

    /** Expired: rotate at once and rebind every binding of the key; critical. A repeat finds a fresh version and does nothing. */
    public KeyEventResponse onExpired(ArmId hsm, String keyName, List<Binding> bindings) {
        return respondToExpiry(hsm, keyName, bindings);
    }

    /** Rotates the key now ({@code POST /api/keys/{hsm}/{key}/rotate}) and plans the rebinds. */
    public KeyEventResponse rotateNow(ArmId hsm, String keyName, List<Binding> bindings) {
        allowList.require("HSM", hsm);
        HsmState state = activeHsm(hsm);
        KeyState key = key(state, keyName);
        Writes writes = new Writes(allowList, armWriteBudget);
        KeyVersion created = rotation.rotate(hsm, state.hsmUri(), key, "rotation requested", writes);
        return new KeyEventResponse(null, created, NewVersionPlanner.plan(hsm, keyName, created, bindings),
                writes.performed(), false);
    }

    /**
     * Disables one version of a key, only if no resource in the allow-list (bound or not, as ARM lists them) uses it,
     * no binding's resource left it inside its pickup window, and it is not the current version.
     *
     * @throws com.cmkorchestrator.core.safety.RetentionViolationException when that would take data offline
     */
    public List<Write> retireVersion(ArmId hsm, String keyName, String version, List<TrackedBinding> bindings) {
        allowList.require("HSM", hsm);
        HsmState state = activeHsm(hsm);
        KeyState key = key(state, keyName);
        Writes writes = new Writes(allowList, armWriteBudget);
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
     * current) and that no resource in {@code resources} nor any binding still needs; never deletes.
     *
     * @param resources every resource in the allow-list ({@link #resourcesInScope})
     * @return a decision, with its evidence, for each version that was due
     */
    public Retirement retireDueVersions(ArmId hsm, String keyName, Period retireAfter, List<TrackedBinding> bindings,
                                        List<TargetState> resources) {
        allowList.require("HSM", hsm);
        HsmState state = activeHsm(hsm);
        KeyState key = key(state, keyName);
        Writes writes = new Writes(allowList, armWriteBudget);
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

    private KeyEventResponse respondToExpiry(ArmId hsm, String keyName, List<Binding> bindings) {
        allowList.require("HSM", hsm);
        HsmState state = activeHsm(hsm);
        URI uri = state.hsmUri();
        KeyState key = key(state, keyName);
        Optional<KeyRotationPolicy> policy = ports.keys().getRotationPolicy(uri, keyName);
        Instant now = clock.instant();
        var near = policy.map(KeyRotationPolicy::notifyBeforeExpiry).filter(Objects::nonNull).orElse(settings.nearExpiry());
        ExpiryVerdict verdict = expiry.assess(key.latest(), policy, near, now);
        boolean expired = verdict.state() == ExpiryVerdict.State.EXPIRED;
        if (!verdict.needsRotation()) {
            return new KeyEventResponse(verdict, null, RotationPlan.empty(), List.of(), false);
        }
        Writes writes = new Writes(allowList, armWriteBudget);
        KeyVersion created = rotation.rotate(hsm, uri, key, verdict.message(), writes);
        RotationPlan plan = expired
                // every resource may be on the dead version: look at all of them now, auto or not
                ? new RotationPlan(bindings.stream().filter(b -> NewVersionPlanner.usesKey(b, hsm, keyName)).toList(),
                List.of())
                : NewVersionPlanner.plan(hsm, keyName, created, bindings);
        return new KeyEventResponse(verdict, created, plan, writes.performed(), expired);
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
        private TokenBucket armWriteBudget = TokenBucket.armWrites();
        private int concurrency = 8;
        private Coordination coordination;

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

        /** Shared by every write of the process; ARM's write bucket by default. */
        public Builder armWriteBudget(TokenBucket budget) {
            this.armWriteBudget = Objects.requireNonNull(budget);
            return this;
        }

        /** The leases and shared pacing every instance uses (required: steps that must happen once depend on it). */
        public Builder coordination(Coordination coordination) {
            this.coordination = Objects.requireNonNull(coordination);
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
            if (coordination == null) {
                throw new IllegalStateException("leases and pacing are required: without them two instances could "
                        + "both create what must exist once");
            }
            return new BindingReconciler(this);
        }
    }
}
