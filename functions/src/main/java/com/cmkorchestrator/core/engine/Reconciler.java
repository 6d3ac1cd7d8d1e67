package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.errors.ErrorClassifier;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.ports.AzurePorts;
import com.cmkorchestrator.core.rotation.ExpiryAssessment;
import com.cmkorchestrator.core.safety.OutOfScopeException;
import com.cmkorchestrator.core.safety.ScopeAllowList;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Drift;
import com.cmkorchestrator.core.status.Reason;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one reconcile engine: runs the ensure steps in chain order, each on what the one before established (so the
 * order is the types'), stops at the first link that does not hold, and says when to look again. It keeps no state
 * between passes; the previous status it is handed is its only memory, so duplicate, lost or reordered triggers
 * cannot confuse it.
 */
public final class Reconciler {

    private final EnsureHsm hsmReady;
    private final EnsureKey keyReady;
    private final EnsureIdentity identityReady;
    private final EnsureAccess accessGranted;
    private final EnsureBound bound;
    private final EnsureVerified verified;
    private final ScopeAllowList allowList;
    private final Failures failures;
    private final EngineSettings settings;
    private final Clock clock;

    private Reconciler(AzurePorts ports, Coordination shared, ScopeAllowList allowList, Failures failures,
                       EngineSettings settings, Clock clock) {
        ExclusiveSteps exclusive = new ExclusiveSteps(shared.leases());
        HsmPacing pacing = new HsmPacing(shared.pacing(), shared.sleeper());
        this.hsmReady = new EnsureHsm(ports.hsms());
        this.keyReady = new EnsureKey(ports.keys(), shared.ownedKeys(),
                new CreateKeyOnce(ports.keys(), shared.ownedKeys(), exclusive, pacing), ExpiryAssessment.standard());
        List<Binder> binders = List.of(new StorageBinder(), new DiskEncryptionSetBinder(), new DatabricksBinder());
        this.identityReady = new EnsureIdentity(ports.identities(), ports.targets(),
                binders.stream().collect(Collectors.toMap(Binder::kind, binder -> binder)), exclusive);
        this.accessGranted = new EnsureAccess(ports.access(), exclusive, pacing);
        this.bound = new EnsureBound(ports.targets(), binders);
        this.verified = new EnsureVerified();
        this.allowList = allowList;
        this.failures = failures;
        this.settings = settings;
        this.clock = clock;
    }

    /** The chain of ensure steps over the given ports and what the instances share. */
    public static Reconciler create(AzurePorts ports, Coordination shared, ScopeAllowList allowList,
                                    ErrorClassifier classifier, EngineSettings settings, Clock clock) {
        return new Reconciler(ports, shared, allowList, new Failures(classifier, settings), settings, clock);
    }

    /**
     * Refuses a binding whose HSM, target or identity (existing or to create) lies outside the allow-list, before any
     * Azure call.
     *
     * @throws OutOfScopeException naming the first resource outside
     */
    public void requireInScope(Binding binding) {
        binding.armIds().forEach((field, id) -> allowList.require(ROLES.getOrDefault(field, field), id));
    }

    /** What each field's resource is to the app, for refusals. */
    private static final java.util.Map<String, String> ROLES = java.util.Map.of("hsm", "HSM", "target", "target",
            "identity.existing", "existing identity", "identity.create", "identity to create");

    /** One pass, {@code previous} being the status of the same spec. */
    public ReconcileOutcome reconcile(Binding binding, BindingStatus previous) {
        return reconcile(binding, previous, true);
    }

    /**
     * One pass.
     *
     * @param sameSpec whether {@code previous} was computed for this spec (false after a spec change): only then can a
     *                 difference in the target be a change made outside the app
     */
    public ReconcileOutcome reconcile(Binding binding, BindingStatus previous, boolean sameSpec) {
        return run(binding, previous, sameSpec, null);
    }

    /**
     * A pass refused before any Azure call, for a reason the app found in its own records (another binding declares
     * the same key slot): the first link is {@code False} with {@code reason}, every later one waits for it.
     */
    public ReconcileOutcome refuse(Binding binding, BindingStatus previous, Reason reason, String message) {
        return run(binding, previous, true, StepResult.of(Condition.isFalse(ConditionType.HSM_READY, reason, message,
                clock.instant()), settings.failedRecheck()));
    }

    private ReconcileOutcome run(Binding binding, BindingStatus previous, boolean sameSpec, StepResult refusal) {
        Instant now = clock.instant();
        BindingStatus before = previous != null ? previous : BindingStatus.initial(binding.name(), now);
        Observations seen = new Observations();
        Pass pass = new Pass(binding, before, now, new Writes(allowList), seen, settings, sameSpec);
        Chain chain = new Chain(pass, failures);

        Optional<HsmReady> hsm = Optional.ofNullable(refusal).or(() -> outOfScope(binding, now))
                .map(refused -> chain.refuse(hsmReady, refused))
                .orElseGet(() -> chain.then(hsmReady, Optional.of(binding)));
        Optional<KeyReady> key = chain.then(keyReady, hsm);
        Optional<IdentityReady> identity = chain.then(identityReady, key);
        Optional<AccessGranted> access = chain.then(accessGranted, identity);
        Optional<Bound> written = chain.then(bound, access);
        chain.then(verified, written);

        Duration next = chain.next();
        // counted from the pass's end: a pass that waited in place for ARM's write budget began its operation that
        // much later than it began, and a look counted from its start came before the operation could have ended
        Instant nextCheckAt = clock.instant().plus(next);
        BindingStatus status = new BindingStatus(binding.name(), chain.conditions(),
                seen.inForce().isEmpty() ? before.versions() : VersionLedger.update(before.versions(), seen.inForce(), now),
                seen.key() != null ? Integer.valueOf(seen.key().versions().size()) : before.keyVersionCount(),
                seen.isCritical(), now, nextCheckAt, seen.operation(before), seen.attachedIdentity(before), null,
                drift(before.drift(), seen.drift(), now));
        return new ReconcileOutcome(status, pass.writes().performed(), next);
    }

    /**
     * The drift the status keeps: the one this pass found (kept as first recorded while it is the same change, so that
     * it goes on naming who made it), else the last one while it is remembered.
     */
    private static Drift drift(Drift before, Drift found, Instant now) {
        if (found != null) {
            boolean same = before != null && before.change().equals(found.change())
                    && before.repaired() == found.repaired();
            return same ? before : found;
        }
        return before != null && before.rememberedAt(now) ? before : null;
    }

    private Optional<StepResult> outOfScope(Binding binding, Instant now) {
        try {
            requireInScope(binding);
            return Optional.empty();
        } catch (OutOfScopeException e) {
            return Optional.of(failures.of(ConditionType.HSM_READY, e, now));
        }
    }
}
