package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.KeyType;
import com.cmkorchestrator.core.model.Periods;
import com.cmkorchestrator.core.ports.KeyOwnershipPort;
import com.cmkorchestrator.core.ports.KeyPort;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.core.ports.OwnedKey;
import com.cmkorchestrator.core.rotation.ExpiryAssessment;
import com.cmkorchestrator.core.rotation.ExpiryVerdict;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;

import java.time.Duration;
import java.time.Period;
import java.util.Objects;
import java.util.Optional;

import static com.cmkorchestrator.core.status.ConditionType.KEY_READY;

/**
 * {@code KeyReady}: the key exists with the desired type and rotation policy, the app owns it, and its current
 * version is not expiring unattended. A missing key is created (once, see {@link CreateKeyOnce}); a soft-deleted one
 * is recovered, never re-created; an existing key is never overwritten (a different type or size is reported, not
 * "fixed"). The app writes only to a key it owns (docs/concurrency.md section 1): one it created, or one the binding
 * adopts with {@code key.adopt}; any other existing key is {@code False/KeyNotOwned} and nothing is written to it.
 * Adopting changes the rotation policy only when the binding sets one. Every later step writes to the key only after
 * this one held in the same pass, so it too acts on an owned key.
 */
final class EnsureKey implements Step<HsmReady, KeyReady> {

    /** Start warning when this many of the 100 versions are used. */
    static final int VERSION_WARNING = 90;

    private final KeyPort keys;
    private final KeyOwnershipPort ownedKeys;
    private final CreateKeyOnce creation;
    private final KeyRotation rotation;
    private final ExpiryAssessment expiry;

    EnsureKey(KeyPort keys, KeyOwnershipPort ownedKeys, CreateKeyOnce creation, ExpiryAssessment expiry) {
        this.keys = keys;
        this.ownedKeys = ownedKeys;
        this.creation = creation;
        this.rotation = new KeyRotation(keys);
        this.expiry = expiry;
    }

    @Override
    public ConditionType type() {
        return KEY_READY;
    }

    @Override
    public Link<KeyReady> ensure(Pass pass, HsmReady hsm) {
        KeySpec spec = pass.binding().key();
        String hsmName = pass.binding().hsm().resourceName();
        Optional<KeyState> recent = rebindingTo(pass, keys.recentKey(hsm.hsmUri(), spec.name()));
        Optional<KeyState> found = recent.isPresent() ? recent : keys.getKey(hsm.hsmUri(), spec.name());
        // the record after the key: an instance creating the key records it first, so a key seen here has its record
        // (read the other way round, a key another instance created meanwhile looked like someone else's)
        Optional<OwnedKey> owner = ownedKeys.find(hsmName, spec.name());
        if (found.isEmpty()) {
            return Link.stops(createOrRecover(pass, hsm, spec, owner));
        }
        KeyState key = found.get();
        pass.seen().key(key);
        Optional<String> mismatch = mismatch(spec, key);
        if (mismatch.isPresent()) {
            return Link.stops(StepResult.of(Condition.isFalse(KEY_READY, Reason.KEY_MISMATCH, mismatch.get()
                    + "; the existing key is never overwritten: fix the binding or choose another key name", pass.now()),
                    pass.settings().failedRecheck()));
        }
        if (owner.isEmpty() && !spec.adopts()) {
            return Link.stops(notOwned(pass, key));
        }
        Optional<KeyRotationPolicy> policy = recent.isPresent() ? keys.recentRotationPolicy(hsm.hsmUri(), spec.name())
                : keys.getRotationPolicy(hsm.hsmUri(), spec.name());
        String adoption = "";
        if (owner.isEmpty()) {
            owner = Optional.of(ownedKeys.record(new OwnedKey(hsmName, spec.name(), OwnedKey.Origin.ADOPTED,
                    pass.binding().name(), pass.now())));
            adoption = "adopted the existing key " + key.name() + " (" + key.versions().size() + " version(s), current "
                    + key.latest().version() + ", rotation policy " + describe(policy) + (spec.rotationPolicy() == null
                    ? ", kept: the binding sets none" : ", replaced by the binding's") + "); ";
        }
        OwnedKey owned = owner.get();
        if (spec.rotationPolicy() != null && !policy.map(p -> p.matches(spec.rotationPolicy())).orElse(false)) {
            KeyRotationPolicy desired = KeyRotationPolicy.from(spec.rotationPolicy());
            pass.writes().perform(Write.Kind.SET_ROTATION_POLICY, pass.binding().hsm(), "rotation policy of "
                    + spec.name(), () -> keys.setRotationPolicy(hsm.hsmUri(), spec.name(), desired));
            KeyVersion latest = key.latest();
            if (!latest.enabled() || latest.isExpiredAt(pass.now())) {
                // not ready: later steps would bind the current version; the next pass reports or rotates it
                return Link.stops(StepResult.of(Condition.waiting(KEY_READY, Reason.ROTATION_POLICY_UPDATED,
                        "rotation policy set; the current version " + latest.version() + " is "
                                + (latest.enabled() ? "expired" : "disabled") + ", looked at next", pass.now())
                        .withKeyVersion(latest.version()), pass.settings().shortRequeue()));
            }
            return present(pass, hsm, key, owned, Reason.ROTATION_POLICY_UPDATED, adoption + "rotation policy set",
                    null);
        }
        return checkExpiry(pass, hsm, key, owned, policy, adoption);
    }

    /**
     * The key as a rotation's fan-out shares it, when it shows a version this binding was not bound to: the pass will
     * write, and its write follows that version. Otherwise empty, and the key is read now: a pass that would conclude
     * "already on the latest" must not do so on an answer from before another instance's rotation.
     */
    private static Optional<KeyState> rebindingTo(Pass pass, Optional<KeyState> recent) {
        String bound = pass.previous(ConditionType.BOUND).keyVersion();
        return recent.filter(key -> pass.previous(ConditionType.BOUND).isTrue() && bound != null
                && !bound.equalsIgnoreCase(key.latest().version()));
    }

    /** An existing key the app neither created nor was told to adopt: reported, never written to. */
    private static StepResult notOwned(Pass pass, KeyState key) {
        String mark = key.carriesTheAppsMark() ? "; it carries the " + KeyState.MANAGED_BY + " tag, but the app has"
                + " no record of creating it, and a tag anyone who may write the key can set decides nothing" : "";
        return StepResult.of(Condition.isFalse(KEY_READY, Reason.KEY_NOT_OWNED, "key " + key.name() + " exists and"
                + " the app does not own it: it did not create it and no binding adopted it" + mark + ". Nothing was"
                + " written to it. To manage it, set \"adopt\": true in the binding's key (its rotation policy then"
                + " changes only if the binding sets one), or choose another key name", pass.now()),
                pass.settings().failedRecheck());
    }

    private static String describe(Optional<KeyRotationPolicy> policy) {
        return policy.map(p -> "(rotate after " + p.rotateAfterCreate() + ", expire after " + p.expiryTime() + ")")
                .orElse("(none)");
    }

    private StepResult createOrRecover(Pass pass, HsmReady hsm, KeySpec spec, Optional<OwnedKey> owner) {
        if (keys.getDeletedKey(hsm.hsmUri(), spec.name()).isPresent()) {
            if (owner.isEmpty() && !spec.adopts()) {
                return StepResult.of(Condition.isFalse(KEY_READY, Reason.KEY_NOT_OWNED, "a soft-deleted key "
                        + spec.name() + " exists that the app does not own; it is not recovered. To take it over,"
                        + " set \"adopt\": true in the binding's key, or choose another key name", pass.now()),
                        pass.settings().failedRecheck());
            }
            if (owner.isEmpty()) {
                ownedKeys.record(new OwnedKey(pass.binding().hsm().resourceName(), spec.name(), OwnedKey.Origin.ADOPTED,
                        pass.binding().name(), pass.now()));
            }
            pass.writes().perform(Write.Kind.RECOVER_KEY, pass.binding().hsm(), "recover soft-deleted " + spec.name(),
                    () -> keys.beginRecoverDeletedKey(hsm.hsmUri(), spec.name()));
            return StepResult.of(Condition.waiting(KEY_READY, Reason.KEY_RECOVERING,
                    "key " + spec.name() + " was soft-deleted; recovering it (a deleted key is never re-created)",
                    pass.now()), pass.settings().shortRequeue());
        }
        return creation.create(pass, hsm.hsmUri(), spec);
    }

    /** @param adoption what this pass adopted, for the status ("" when nothing) */
    private Link<KeyReady> checkExpiry(Pass pass, HsmReady hsm, KeyState key, OwnedKey owned,
                                       Optional<KeyRotationPolicy> policy, String adoption) {
        KeyVersion latest = key.latest();
        if (!latest.enabled()) {
            pass.seen().critical();
            return Link.stops(StepResult.of(Condition.isFalse(KEY_READY, Reason.KEY_DISABLED, "the current version "
                    + latest.version() + " is disabled; the orchestrator does not re-enable what someone disabled",
                    pass.now()).withKeyVersion(latest.version()), pass.settings().failedRecheck()));
        }
        Period near = policy.map(KeyRotationPolicy::notifyBeforeExpiry).filter(Objects::nonNull)
                .orElse(pass.settings().nearExpiry());
        ExpiryVerdict verdict = expiry.assess(latest, policy, near, pass.now());
        if (!verdict.needsRotation()) {
            return present(pass, hsm, key, owned, adoption.isEmpty() ? Reason.KEY_PRESENT : Reason.KEY_ADOPTED,
                    adoption + verdict.message(), lookAgain(verdict, near, pass));
        }
        if (verdict.state() == ExpiryVerdict.State.EXPIRED) {
            pass.seen().critical();
        }
        if (key.atVersionCap()) {
            return Link.stops(StepResult.of(Condition.isFalse(KEY_READY, Reason.VERSION_CAP_REACHED, verdict.message()
                    + ", and the key holds " + key.versions().size() + " versions, the cap: it cannot rotate",
                    pass.now()).withKeyVersion(latest.version()), pass.settings().failedRecheck()));
        }
        KeyVersion rotated = rotation.rotate(pass.binding().hsm(), hsm.hsmUri(), key, verdict.message(), pass.writes());
        KeyState now = keys.getKey(hsm.hsmUri(), key.name()).orElse(key);
        pass.seen().key(now);
        return Link.holds(StepResult.of(Condition.isTrue(KEY_READY, Reason.KEY_ROTATED, verdict.message()
                + "; rotated to " + rotated.version(), pass.now()).withKeyVersion(rotated.version())),
                keyReady(pass, hsm, now, owned));
    }

    /**
     * The key holds. A key the app created that lost its {@code managed-by} tag outside the app is still served (the
     * record decides, not the tag), but reported as {@code KeyMarkRemoved}, which the health sweep turns into a
     * finding; the app does not put the tag back, as someone removed it on purpose or by mistake and should know.
     */
    private static Link<KeyReady> present(Pass pass, HsmReady hsm, KeyState key, OwnedKey owned, Reason reason,
                                          String message, Duration hint) {
        String versions = key.versions().size() >= VERSION_WARNING
                ? "; " + key.versions().size() + " of " + KeyState.VERSION_CAP + " versions used" : "";
        boolean markRemoved = owned.origin() == OwnedKey.Origin.CREATED && !key.carriesTheAppsMark();
        Reason shown = markRemoved && reason == Reason.KEY_PRESENT ? Reason.KEY_MARK_REMOVED : reason;
        String mark = markRemoved ? "; its " + KeyState.MANAGED_BY + "=" + KeyState.MANAGED_BY_APP + " tag was removed"
                + " outside the app, which still serves it (its record says " + owned.describe() + "): put the tag"
                + " back (az keyvault key set-attributes --tags " + KeyState.MANAGED_BY + "=" + KeyState.MANAGED_BY_APP
                + ") or find out who removed it" : "";
        String ownership = "; owned: " + owned.describe();
        return Link.holds(StepResult.of(Condition.isTrue(KEY_READY, shown, message + versions + mark + ownership,
                pass.now()).withKeyVersion(key.latest().version()), hint), keyReady(pass, hsm, key, owned));
    }

    private static KeyReady keyReady(Pass pass, HsmReady hsm, KeyState key, OwnedKey owned) {
        return new KeyReady(hsm, key, KeyRef.of(hsm.hsmUri(), pass.binding().key().name()), owned);
    }

    private static Optional<String> mismatch(KeySpec spec, KeyState key) {
        if (!spec.type().kty().equalsIgnoreCase(key.kty())) {
            return Optional.of("key " + key.name() + " exists as " + key.kty() + ", not " + spec.type().kty());
        }
        if (spec.type() == KeyType.RSA_HSM && key.size() != null && !key.size().equals(spec.size())) {
            return Optional.of("key " + key.name() + " exists with " + key.size() + " bits, not " + spec.size());
        }
        if (spec.type() == KeyType.EC_HSM && key.curve() != null && !key.curve().equals(spec.curve())) {
            return Optional.of("key " + key.name() + " exists on curve " + key.curve() + ", not " + spec.curve());
        }
        return Optional.empty();
    }

    /**
     * When the expiry picture next changes: when the version comes near expiry, or, when the policy is trusted to
     * rotate, shortly after that rotation is due (to catch a rotation Azure missed).
     */
    private static Duration lookAgain(ExpiryVerdict verdict, Period near, Pass pass) {
        if (verdict.expiresOn() == null) {
            return null;
        }
        java.time.Instant at = verdict.state() == ExpiryVerdict.State.NEAR_EXPIRY_POLICY_ROTATES
                ? verdict.rotationAt().plus(Duration.ofHours(1))
                : Periods.before(verdict.expiresOn(), near);
        Duration until = Duration.between(pass.now(), at);
        return until.compareTo(pass.settings().shortRequeue()) < 0 ? pass.settings().shortRequeue() : until;
    }
}
