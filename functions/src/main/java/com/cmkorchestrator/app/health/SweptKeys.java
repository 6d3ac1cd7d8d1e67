package com.cmkorchestrator.app.health;

import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.ports.HsmPort;
import com.cmkorchestrator.core.ports.HsmState;
import com.cmkorchestrator.core.ports.KeyPort;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.rotation.ExpiryAssessment;
import com.cmkorchestrator.core.rotation.ExpiryVerdict;
import com.cmkorchestrator.core.safety.ScopeAllowList;
import com.cmkorchestrator.core.sweep.SweptKey;

import java.time.Clock;
import java.time.Duration;
import java.time.Period;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys of one sweep, each read once (its HSM's ARM state once per HSM) however many bindings use it: what the
 * drift check compares with and what the findings say about the key's horizon. An HSM outside the allow-list is not
 * read at all; its bindings' passes report that.
 */
final class SweptKeys {

    /** What the sweep knows of one key. */
    record Look(SweptKey key, KeyHorizon horizon) {
    }

    private final HsmPort hsms;
    private final KeyPort keys;
    private final ScopeAllowList allowList;
    private final Clock clock;
    private final Duration defaultNotifyWindow;
    private final ExpiryAssessment expiry = ExpiryAssessment.standard();
    private final Map<ArmId, Optional<HsmState>> hsmStates = new ConcurrentHashMap<>();
    private final Map<String, Look> looks = new ConcurrentHashMap<>();

    SweptKeys(HsmPort hsms, KeyPort keys, ScopeAllowList allowList, Clock clock, Duration defaultNotifyWindow) {
        this.hsms = hsms;
        this.keys = keys;
        this.allowList = allowList;
        this.clock = clock;
        this.defaultNotifyWindow = defaultNotifyWindow;
    }

    Look of(Binding binding) {
        return looks.computeIfAbsent(keyOf(binding), k -> read(binding));
    }

    /** Forgets what was read of the binding's key: a pass may have rotated it, so its findings read it again. */
    void forget(Binding binding) {
        looks.remove(keyOf(binding));
    }

    private Look read(Binding binding) {
        if (!allowList.permits(binding.hsm())) {
            return new Look(SweptKey.unreadable("managed HSM " + binding.hsm().resourceName()
                    + " is outside the scope allow-list"), null);
        }
        String name = binding.key().name();
        try {
            Optional<HsmState> hsm = hsmStates.computeIfAbsent(binding.hsm(), hsms::get);
            if (hsm.isEmpty() || !hsm.get().isActive()) {
                return unreadable("managed HSM " + binding.hsm().resourceName() + " is not active");
            }
            Optional<KeyState> key = keys.getKey(hsm.get().hsmUri(), name);
            if (key.isEmpty()) {
                return unreadable("key " + name + " does not exist (yet)");
            }
            Optional<KeyRotationPolicy> policy = key.get().latest().expiresOn() == null ? Optional.empty()
                    : keys.getRotationPolicy(hsm.get().hsmUri(), name);
            Period near = policy.map(KeyRotationPolicy::notifyBeforeExpiry).filter(Objects::nonNull)
                    .orElse(Period.ofDays((int) Math.max(1, defaultNotifyWindow.toDays())));
            ExpiryVerdict verdict = expiry.assess(key.get().latest(), policy, near, clock.instant());
            boolean needsAction = verdict.state() == ExpiryVerdict.State.EXPIRED
                    || verdict.state() == ExpiryVerdict.State.ROTATE_NOW;
            return new Look(SweptKey.read(hsm.get().hsmUri(), key.get(), needsAction),
                    KeyHorizon.of(key.get(), policy, defaultNotifyWindow));
        } catch (AzureCallException e) {
            return unreadable(e.getMessage());
        }
    }

    private static Look unreadable(String why) {
        return new Look(SweptKey.unreadable(why), KeyHorizon.unreadable(why));
    }

    private static String keyOf(Binding binding) {
        return (binding.hsm() + "/" + binding.key().name()).toLowerCase(Locale.ROOT);
    }
}
