package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.KeyType;
import com.cmkorchestrator.core.model.Periods;
import com.cmkorchestrator.core.model.RotationPolicySpec;
import com.cmkorchestrator.core.ports.KeyCreation;
import com.cmkorchestrator.core.ports.KeyPort;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;
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
 * {@code KeyReady}: the key exists with the desired type and rotation policy, and its current version is not
 * expiring unattended. A missing key is created; a soft-deleted one is recovered, never re-created; an existing
 * key is never overwritten (a different type or size is reported, not "fixed").
 */
final class EnsureKey implements Step<HsmReady, KeyReady> {

    /** Start warning when this many of the 100 versions are used. */
    static final int VERSION_WARNING = 90;

    private final KeyPort keys;
    private final KeyRotation rotation;
    private final ExpiryAssessment expiry;

    EnsureKey(KeyPort keys, ExpiryAssessment expiry) {
        this.keys = keys;
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
        Optional<KeyState> recent = rebindingTo(pass, keys.recentKey(hsm.hsmUri(), spec.name()));
        Optional<KeyState> found = recent.isPresent() ? recent : keys.getKey(hsm.hsmUri(), spec.name());
        if (found.isEmpty()) {
            return Link.stops(createOrRecover(pass, hsm, spec));
        }
        KeyState key = found.get();
        pass.seen().key(key);
        Optional<String> mismatch = mismatch(spec, key);
        if (mismatch.isPresent()) {
            return Link.stops(StepResult.of(Condition.isFalse(KEY_READY, Reason.KEY_MISMATCH, mismatch.get()
                    + "; the existing key is never overwritten: fix the binding or choose another key name", pass.now()),
                    pass.settings().failedRecheck()));
        }
        Optional<KeyRotationPolicy> policy = recent.isPresent() ? keys.recentRotationPolicy(hsm.hsmUri(), spec.name())
                : keys.getRotationPolicy(hsm.hsmUri(), spec.name());
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
            return present(pass, hsm, key, Reason.ROTATION_POLICY_UPDATED, "rotation policy set", null);
        }
        return checkExpiry(pass, hsm, key, policy);
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

    private StepResult createOrRecover(Pass pass, HsmReady hsm, KeySpec spec) {
        if (keys.getDeletedKey(hsm.hsmUri(), spec.name()).isPresent()) {
            pass.writes().perform(Write.Kind.RECOVER_KEY, pass.binding().hsm(), "recover soft-deleted " + spec.name(),
                    () -> keys.beginRecoverDeletedKey(hsm.hsmUri(), spec.name()));
            return StepResult.of(Condition.waiting(KEY_READY, Reason.KEY_RECOVERING,
                    "key " + spec.name() + " was soft-deleted; recovering it (a deleted key is never re-created)",
                    pass.now()), pass.settings().shortRequeue());
        }
        RotationPolicySpec policy = spec.rotationPolicy();
        KeyCreation creation = new KeyCreation(spec.name(), spec.type(), spec.size(), spec.curve(),
                KeyCreation.CMK_OPERATIONS,
                policy == null || policy.expireAfter() == null ? null : Periods.after(pass.now(), policy.expireAfter()));
        KeyVersion first = pass.writes().perform(Write.Kind.CREATE_KEY, pass.binding().hsm(), "create " + spec.name(),
                () -> keys.createKey(hsm.hsmUri(), creation));
        // the rotation policy is the next change; it must be in place before any on-demand rotation
        return StepResult.of(Condition.waiting(KEY_READY, Reason.KEY_CREATED,
                "created " + spec.name() + (policy == null ? "" : "; setting its rotation policy next"), pass.now())
                .withKeyVersion(first.version()), pass.settings().shortRequeue());
    }

    private Link<KeyReady> checkExpiry(Pass pass, HsmReady hsm, KeyState key, Optional<KeyRotationPolicy> policy) {
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
            return present(pass, hsm, key, Reason.KEY_PRESENT, verdict.message(), lookAgain(verdict, near, pass));
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
                keyReady(pass, hsm, now));
    }

    private static Link<KeyReady> present(Pass pass, HsmReady hsm, KeyState key, Reason reason, String message,
                                          Duration hint) {
        String versions = key.versions().size() >= VERSION_WARNING
                ? "; " + key.versions().size() + " of " + KeyState.VERSION_CAP + " versions used" : "";
        return Link.holds(StepResult.of(Condition.isTrue(KEY_READY, reason, message + versions, pass.now())
                .withKeyVersion(key.latest().version()), hint), keyReady(pass, hsm, key));
    }

    private static KeyReady keyReady(Pass pass, HsmReady hsm, KeyState key) {
        return new KeyReady(hsm, key, KeyRef.of(hsm.hsmUri(), pass.binding().key().name()));
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
