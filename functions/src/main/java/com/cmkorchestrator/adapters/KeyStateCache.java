package com.cmkorchestrator.adapters;

import com.cmkorchestrator.core.ports.DeletedKey;
import com.cmkorchestrator.core.ports.KeyCreation;
import com.cmkorchestrator.core.ports.KeyPort;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A key's state and rotation policy read once per key for a rotation's fan-out, not once per binding
 * ({@link KeyPort#recentKey}): a pass of a pinned rebind otherwise reads the key, its versions and its policy (three
 * HSM requests), as many times as the key has bindings. {@link #getKey} and {@link #getRotationPolicy} always answer
 * with a read made after they were called (passes asking together share one), and keep it for the recent variants.
 * Every change this process makes to a key forgets it at once.
 */
final class KeyStateCache implements KeyPort {
    /** About the time a fan-out's passes on one key arrive together; short enough that another instance's rotation is seen soon. */
    static final Duration TIME_TO_LIVE = Duration.ofSeconds(10);

    private final KeyPort hsm;
    private final RecentReads<String, KeyState> keys;
    private final RecentReads<String, KeyRotationPolicy> policies;

    KeyStateCache(KeyPort hsm, Clock clock) {
        this.hsm = hsm;
        this.keys = new RecentReads<>(TIME_TO_LIVE, clock);
        this.policies = new RecentReads<>(TIME_TO_LIVE, clock);
    }

    @Override
    public Optional<KeyState> getKey(URI hsmUri, String name) {
        return keys.fresh(key(hsmUri, name), () -> hsm.getKey(hsmUri, name));
    }

    @Override
    public Optional<KeyState> recentKey(URI hsmUri, String name) {
        return keys.peek(key(hsmUri, name));
    }

    @Override
    public Optional<KeyRotationPolicy> getRotationPolicy(URI hsmUri, String name) {
        return policies.fresh(key(hsmUri, name), () -> hsm.getRotationPolicy(hsmUri, name));
    }

    @Override
    public Optional<KeyRotationPolicy> recentRotationPolicy(URI hsmUri, String name) {
        return policies.get(key(hsmUri, name), () -> hsm.getRotationPolicy(hsmUri, name));
    }

    @Override
    public Optional<DeletedKey> getDeletedKey(URI hsmUri, String name) {
        return hsm.getDeletedKey(hsmUri, name);
    }

    @Override
    public void beginRecoverDeletedKey(URI hsmUri, String name) {
        changing(hsmUri, name, () -> {
            hsm.beginRecoverDeletedKey(hsmUri, name);
            return null;
        });
    }

    @Override
    public KeyVersion createKey(URI hsmUri, KeyCreation creation) {
        return changing(hsmUri, creation.name(), () -> hsm.createKey(hsmUri, creation));
    }

    @Override
    public void setRotationPolicy(URI hsmUri, String name, KeyRotationPolicy policy) {
        changing(hsmUri, name, () -> {
            hsm.setRotationPolicy(hsmUri, name, policy);
            return null;
        });
    }

    @Override
    public KeyVersion rotate(URI hsmUri, String name) {
        return changing(hsmUri, name, () -> hsm.rotate(hsmUri, name));
    }

    @Override
    public void disableVersion(URI hsmUri, String name, String version) {
        changing(hsmUri, name, () -> {
            hsm.disableVersion(hsmUri, name, version);
            return null;
        });
    }

    /** A change to the key: what was read of it is forgotten, whether the change went through or not. */
    private <T> T changing(URI hsmUri, String name, Supplier<T> change) {
        try {
            return change.get();
        } finally {
            forget(hsmUri, name);
        }
    }

    @Override
    public List<String> listKeyNames(URI hsmUri) {
        return hsm.listKeyNames(hsmUri);
    }

    private void forget(URI hsmUri, String name) {
        keys.forget(key(hsmUri, name));
        policies.forget(key(hsmUri, name));
    }

    /** Key names compare without case, as Key Vault's do. */
    private static String key(URI hsmUri, String name) {
        return (hsmUri + "|" + name).toLowerCase(Locale.ROOT);
    }
}
