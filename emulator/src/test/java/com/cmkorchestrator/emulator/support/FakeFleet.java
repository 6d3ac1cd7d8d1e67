package com.cmkorchestrator.emulator.support;

import com.cmkorchestrator.emulator.hsm.KeyAccessCheck;
import com.cmkorchestrator.emulator.hsm.ManagedHsm;
import com.cmkorchestrator.emulator.hsm.ManagedHsmFleet;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the Managed HSM data plane, for ARM tests that are about ARM (LROs, shapes,
 * pickup timing): keys, versions and grants are set directly. The enforcement tests use the real
 * data plane instead.
 */
public final class FakeFleet implements ManagedHsmFleet {
    private static final AtomicInteger PORTS = new AtomicInteger(41000);

    private final Clock clock;
    private final Map<String, Hsm> byArmId = new ConcurrentHashMap<>();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();

    public FakeFleet(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ManagedHsm provision(String armId, String name, String tenantId, List<String> admins) {
        Hsm hsm = new Hsm(armId, name, URI.create("https://127.0.0.1:" + PORTS.incrementAndGet() + "/"));
        byArmId.put(armId.toLowerCase(), hsm);
        return hsm;
    }

    @Override
    public Optional<ManagedHsm> byArmId(String armId) {
        return deleted.contains(armId.toLowerCase()) ? Optional.empty() : Optional.ofNullable(byArmId.get(armId.toLowerCase()));
    }

    public Hsm hsm(String armId) { return byArmId.get(armId.toLowerCase()); }

    @Override
    public Optional<ManagedHsm> byUri(URI hsmUri) {
        return byArmId.values().stream().filter(h -> !deleted.contains(h.armId.toLowerCase()))
                .filter(h -> h.uri.getHost().equals(hsmUri.getHost()) && h.uri.getPort() == hsmUri.getPort())
                .map(h -> (ManagedHsm) h).findFirst();
    }

    @Override
    public List<ManagedHsm> all() { return new ArrayList<>(byArmId.values()); }

    @Override
    public void softDelete(String armId) { deleted.add(armId.toLowerCase()); }

    @Override
    public void purge(String armId) {
        deleted.remove(armId.toLowerCase());
        byArmId.remove(armId.toLowerCase());
    }

    @Override
    public Optional<ManagedHsm> recover(String armId) {
        return deleted.remove(armId.toLowerCase()) ? Optional.ofNullable(byArmId.get(armId.toLowerCase())) : Optional.empty();
    }

    /** One fake HSM: active or not, keys with versions (newest last), grants of principal to key. */
    public final class Hsm implements ManagedHsm {
        private final String armId;
        private final String name;
        private final URI uri;
        private volatile boolean active = true;
        private final Map<String, List<String>> versions = new ConcurrentHashMap<>();
        private final Map<String, Instant> created = new ConcurrentHashMap<>();
        private final Set<String> grants = ConcurrentHashMap.newKeySet();

        Hsm(String armId, String name, URI uri) {
            this.armId = armId;
            this.name = name;
            this.uri = uri;
        }

        /** Adds a version to {@code key}; returns the version ID. */
        public String rotate(String key) {
            return addVersion(key, UUID.randomUUID().toString().replace("-", ""));
        }

        /** Adds a version with a given ID (to match an example's), returns it. */
        public String addVersion(String key, String version) {
            versions.computeIfAbsent(key, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(version);
            created.put(key + "/" + version, clock.instant());
            return version;
        }

        public void grant(String principal, String key) { grants.add(principal + "|" + key); }

        public void revoke(String principal, String key) { grants.remove(principal + "|" + key); }

        public void deactivate() { active = false; }

        public String keyId(String key, String version) { return uri + "keys/" + key + "/" + version; }

        @Override public String armId() { return armId; }
        @Override public String name() { return name; }
        @Override public URI uri() { return uri; }
        @Override public String activationStatus() { return active ? "Active" : "NotActivated"; }

        @Override
        public KeyAccessCheck checkCmkAccess(String keyName, String keyVersion, String principalOid) {
            if (!active) {
                return new KeyAccessCheck.Denied(400, "HsmNotActivated", "The managed HSM is not activated.");
            }
            List<String> known = versions.get(keyName);
            if (known == null || known.isEmpty() || keyVersion != null && !known.contains(keyVersion)) {
                return new KeyAccessCheck.Denied(404, "KeyNotFound", "A key with (name/id) " + keyName + " was not found.");
            }
            if (!grants.contains(principalOid + "|" + keyName)) {
                return new KeyAccessCheck.Denied(403, "Forbidden", "Caller " + principalOid + " has no wrap/unwrap on " + keyName);
            }
            return new KeyAccessCheck.Granted(keyId(keyName, keyVersion == null ? known.get(known.size() - 1) : keyVersion));
        }

        @Override
        public Optional<String> latestVersionId(String keyName) {
            List<String> known = versions.get(keyName);
            return known == null || known.isEmpty() ? Optional.empty() : Optional.of(keyId(keyName, known.get(known.size() - 1)));
        }

        @Override
        public Optional<Instant> versionCreated(String keyName, String version) {
            return Optional.ofNullable(created.get(keyName + "/" + version));
        }
    }
}
