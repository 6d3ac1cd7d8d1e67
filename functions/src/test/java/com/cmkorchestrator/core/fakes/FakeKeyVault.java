package com.cmkorchestrator.core.fakes;

import com.cmkorchestrator.core.model.KeyType;
import com.cmkorchestrator.core.model.Periods;
import com.cmkorchestrator.core.ports.AccessPort;
import com.cmkorchestrator.core.ports.CustomRole;
import com.cmkorchestrator.core.ports.DeletedKey;
import com.cmkorchestrator.core.ports.KeyCreation;
import com.cmkorchestrator.core.ports.KeyPort;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.core.ports.RoleAssignment;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The Managed HSM data plane: keys with versions and rotation policies, and local RBAC assignments. */
public final class FakeKeyVault implements KeyPort, AccessPort {

    /** What a process read of each key lately ({@link KeyPort#recentKey}), by key name; tests put it there. */
    public final Map<String, KeyState> recent = new java.util.concurrent.ConcurrentHashMap<>();

    private final FakeAzure azure;
    private final Map<String, FakeKey> keys = new HashMap<>();
    private final Map<String, List<Grant>> grants = new HashMap<>();
    /** Scopes whose assignments the caller may not list: its own grants are narrower (the HSM answers 403). */
    private final java.util.Set<String> unlistableScopes = new java.util.HashSet<>();

    /** A key as the HSM holds it. */
    public static final class FakeKey {
        public final String name;
        public final String kty;
        public final Integer size;
        public final List<KeyVersion> versions = new ArrayList<>();
        public KeyRotationPolicy policy;
        public boolean deleted;
        /** The key's tags; rotation keeps them, as the HSM does. */
        public final Map<String, String> tags = new HashMap<>();

        FakeKey(String name, String kty, Integer size) {
            this.name = name;
            this.kty = kty;
            this.size = size;
        }

        KeyState state() {
            return new KeyState(name, kty, size, null, versions, null, tags);
        }
    }

    record Grant(RoleAssignment assignment, Instant createdAt) {
    }

    FakeKeyVault(FakeAzure azure) {
        this.azure = azure;
    }

    private static String id(URI hsm, String name) {
        return hsm.getHost() + "/" + name.toLowerCase(Locale.ROOT);
    }

    private void requireActive(URI hsm, String operation) {
        if (!azure.hsms.isActive(hsm)) {
            throw FakeAzure.error(operation, 401, "Unauthorized", "the HSM is not activated");
        }
    }

    /** Seeds a key as if someone had created it. */
    public FakeKey seedKey(URI hsm, String name, String kty, Integer size, Instant created, Instant expires) {
        FakeKey key = new FakeKey(name, kty, size);
        key.versions.add(new KeyVersion(newVersion(), true, created, expires, null));
        keys.put(id(hsm, name), key);
        return key;
    }

    public FakeKey key(URI hsm, String name) {
        return keys.get(id(hsm, name));
    }

    /** A version made by the HSM's own rotation policy (no API call from the orchestrator). */
    public KeyVersion rotateByPolicy(URI hsm, String name) {
        return addVersion(keys.get(id(hsm, name)));
    }

    public void setEnabled(URI hsm, String name, String version, boolean enabled) {
        FakeKey key = keys.get(id(hsm, name));
        key.versions.replaceAll(v -> v.version().equals(version)
                ? new KeyVersion(v.version(), enabled, v.createdOn(), v.expiresOn(), v.notBefore()) : v);
    }

    public List<RoleAssignment> assignments(URI hsm) {
        return grants.getOrDefault(hsm.getHost(), List.of()).stream().map(Grant::assignment).toList();
    }

    /** An assignment someone else made. */
    public void seedAssignment(URI hsm, RoleAssignment assignment) {
        grants.computeIfAbsent(hsm.getHost(), k -> new ArrayList<>()).add(new Grant(assignment, Instant.EPOCH));
    }

    /** True when {@code principal} may wrap with the key now: a matching grant exists and has propagated. */
    boolean canUse(URI hsm, String keyName, String principal) {
        return grants.getOrDefault(hsm.getHost(), List.of()).stream().anyMatch(grant ->
                grant.assignment().grants("33413926-3206-4cdd-b39a-83574fe37a17", principal)
                        && List.of("/", "/keys", "/keys/" + keyName).contains(grant.assignment().scope())
                        && !azure.now().isBefore(grant.createdAt().plus(azure.grantPropagation)));
    }

    @Override
    public Optional<KeyState> recentKey(URI hsmUri, String name) {
        return Optional.ofNullable(recent.get(name));
    }

    @Override
    public Optional<KeyState> getKey(URI hsmUri, String name) {
        azure.log.call("key.get");
        requireActive(hsmUri, "GET key");
        FakeKey key = keys.get(id(hsmUri, name));
        return key == null || key.deleted ? Optional.empty() : Optional.of(key.state());
    }

    @Override
    public Optional<DeletedKey> getDeletedKey(URI hsmUri, String name) {
        azure.log.call("key.getDeleted");
        FakeKey key = keys.get(id(hsmUri, name));
        return key != null && key.deleted ? Optional.of(new DeletedKey(key.name, azure.now(), null)) : Optional.empty();
    }

    @Override
    public void beginRecoverDeletedKey(URI hsmUri, String name) {
        azure.log.call("key.recover");
        keys.get(id(hsmUri, name)).deleted = false;
    }

    @Override
    public KeyVersion createKey(URI hsmUri, KeyCreation creation) {
        azure.log.call("key.create");
        requireActive(hsmUri, "POST keys/create");
        FakeKey key = keys.get(id(hsmUri, creation.name()));
        if (key != null && key.deleted) {
            throw FakeAzure.error("POST keys/create", 409, "Conflict", "key is deleted but recoverable");
        }
        if (key == null) {
            key = new FakeKey(creation.name(), creation.type() == KeyType.RSA_HSM ? "RSA-HSM" : "EC-HSM", creation.size());
            keys.put(id(hsmUri, creation.name()), key);
        }
        key.tags.putAll(creation.tags());
        // as Key Vault does: create on an existing name adds a version
        KeyVersion version = new KeyVersion(newVersion(), true, stamp(key), creation.expiresOn(), null);
        key.versions.add(version);
        return version;
    }

    @Override
    public Optional<KeyRotationPolicy> getRotationPolicy(URI hsmUri, String name) {
        azure.log.call("key.getPolicy");
        return Optional.ofNullable(keys.get(id(hsmUri, name)).policy);
    }

    @Override
    public void setRotationPolicy(URI hsmUri, String name, KeyRotationPolicy policy) {
        azure.log.call("key.setPolicy");
        keys.get(id(hsmUri, name)).policy = policy;
    }

    @Override
    public KeyVersion rotate(URI hsmUri, String name) {
        azure.log.call("key.rotate");
        FakeKey key = keys.get(id(hsmUri, name));
        if (key.versions.size() >= KeyState.VERSION_CAP) {
            throw FakeAzure.error("POST keys/rotate", 400, "BadParameter", "a key can have 100 versions at most");
        }
        return addVersion(key);
    }

    /** Distinct creation times even within one instant of the fake clock, so "latest" is never ambiguous. */
    private Instant stamp(FakeKey key) {
        Instant now = azure.now();
        return key.versions.stream().map(KeyVersion::createdOn).filter(t -> !t.isBefore(now))
                .max(Instant::compareTo).map(t -> t.plusMillis(1)).orElse(now);
    }

    private KeyVersion addVersion(FakeKey key) {
        Instant now = stamp(key);
        Instant expires = key.policy == null || key.policy.expiryTime() == null ? null
                : Periods.after(now, key.policy.expiryTime());
        KeyVersion version = new KeyVersion(newVersion(), true, now, expires, null);
        key.versions.add(version);
        return version;
    }

    @Override
    public void disableVersion(URI hsmUri, String name, String version) {
        azure.log.call("key.disable");
        setEnabled(hsmUri, name, version, false);
    }

    @Override
    public List<String> listKeyNames(URI hsmUri) {
        azure.log.call("key.list");
        return keys.values().stream().filter(k -> !k.deleted).map(k -> k.name).toList();
    }

    /** The caller's own role does not reach {@code scope}: listing there is refused, as the HSM does. */
    public void forbidListingAt(String scope) {
        unlistableScopes.add(scope);
    }

    @Override
    public List<RoleAssignment> listAssignments(URI hsmUri, String scope) {
        azure.log.call("access.list");
        requireActive(hsmUri, "GET roleAssignments");
        if (unlistableScopes.contains(scope)) {
            throw FakeAzure.error("GET " + scope + " roleAssignments", 403, "Forbidden",
                    "Caller is not authorized to perform action on resource");
        }
        return assignments(hsmUri).stream().filter(a -> a.scope().equals(scope)).toList();
    }

    @Override
    public RoleAssignment createAssignment(URI hsmUri, String scope, String roleDefinitionId, String principalId,
                                           String name) {
        azure.log.call("access.create");
        requireActive(hsmUri, "PUT roleAssignments");
        if (!azure.principalKnown(principalId)) {
            throw FakeAzure.error("PUT roleAssignments", 400, "PrincipalNotFound",
                    "Principal " + principalId + " does not exist in the directory");
        }
        RoleAssignment wanted = new RoleAssignment(name, scope, roleDefinitionId, principalId);
        Optional<RoleAssignment> existing = assignments(hsmUri).stream().filter(a -> a.name().equals(name)).findFirst();
        if (existing.isPresent()) {
            if (existing.get().equals(wanted)) {
                return wanted;
            }
            throw FakeAzure.error("PUT roleAssignments", 409, "RoleAssignmentExists", "name taken");
        }
        grants.computeIfAbsent(hsmUri.getHost(), k -> new ArrayList<>()).add(new Grant(wanted, azure.now()));
        return wanted;
    }

    /** Custom role definitions per HSM host, by name. */
    private final Map<String, Map<String, CustomRole>> roles = new HashMap<>();

    @Override
    public CustomRole defineRole(URI hsmUri, CustomRole role) {
        azure.log.call("access.defineRole");
        requireActive(hsmUri, "PUT roleDefinitions");
        roles.computeIfAbsent(hsmUri.getHost(), k -> new HashMap<>()).put(role.name(), role);
        return role;
    }

    public Map<String, CustomRole> roles(URI hsm) {
        return Map.copyOf(roles.getOrDefault(hsm.getHost(), Map.of()));
    }

    private static String newVersion() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
