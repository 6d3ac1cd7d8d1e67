package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.core.ports.KeyOwnershipPort;
import com.cmkorchestrator.core.ports.OwnedKey;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link KeyOwnershipPort} in process memory. */
public final class InMemoryOwnedKeys implements KeyOwnershipPort {

    private final Map<String, OwnedKey> owned = new ConcurrentHashMap<>();

    @Override
    public Optional<OwnedKey> find(String hsm, String key) {
        return Optional.ofNullable(owned.get(id(hsm, key)));
    }

    @Override
    public OwnedKey record(OwnedKey key) {
        return owned.computeIfAbsent(id(key.hsm(), key.key()), id -> key);
    }

    private static String id(String hsm, String key) {
        return (hsm + "/" + key).toLowerCase(Locale.ROOT);
    }
}
