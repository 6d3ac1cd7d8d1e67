package com.cmkorchestrator.emulator.hsm.keys;

import com.cmkorchestrator.emulator.hsm.http.KeyName;
import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The keys of one HSM and Key Vault's rules for them: versions (at most 100 per key), soft delete
 * with recovery and purge (refused under purge protection), rotation on demand (only once a policy
 * is set) and automatic rotation as emulated time passes. Every method validates before it changes
 * anything. Not thread-safe: the owning HSM serializes access.
 */
public final class HsmKeyStore {
    /** "Managed HSM has a limit of 100 versions per key" (managed-hsm/key-rotation.md). */
    public static final int MAX_VERSIONS = 100;

    private final Map<String, HsmKey> keys = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Clock clock;
    private HsmProperties properties;
    private final KeyPairSource keyPairs;

    public HsmKeyStore(Clock clock, HsmProperties properties, KeyPairSource keyPairs) {
        this.clock = clock;
        this.properties = properties;
        this.keyPairs = keyPairs;
    }

    public HsmProperties properties() { return properties; }

    /** ARM turned purge protection on: deleted keys can no longer be purged before their date. */
    public void protectFromPurge() {
        properties = properties.withPurgeProtection();
    }

    /**
     * Creates a key, or a new version of an existing one (as Key Vault's create does).
     *
     * @throws KeyVaultError 409 {@code Conflict} while a key of that name is deleted but recoverable;
     *         400 when the key already has 100 versions
     */
    public KeyVersion create(String name, KeyRequests.Creation creation) {
        KeyName.require(name);
        HsmKey existing = keys.get(name);
        if (existing != null && existing.isDeleted()) {
            throw new KeyVaultError(409, "Conflict", "Key " + name + " is currently in a deleted but recoverable"
                    + " state, and its name cannot be reused; in this state, the key can only be recovered or purged.");
        }
        if (existing != null) {
            requireRoomForVersion(existing);
        }
        Instant now = clock.instant();
        KeyVersion version = new KeyVersion(newVersionId(), new KeyMaterial(creation.spec(), keyPairs.next(creation.spec())),
                KeyAttributes.createdAt(now, creation.enabled(), creation.notBefore(), creation.expires()),
                creation.keyOps(), creation.tags());
        if (existing == null) {
            keys.put(name, new HsmKey(name, version));
        } else {
            existing.addVersion(version);
        }
        return version;
    }

    /** @throws KeyVaultError 404 {@code KeyNotFound} when missing or deleted */
    public HsmKey live(String name) {
        HsmKey key = keys.get(name);
        if (key == null || key.isDeleted()) {
            throw KeyVaultError.keyNotFound(name);
        }
        return key;
    }

    /** Live key by name, without throwing. */
    public Optional<HsmKey> find(String name) {
        return Optional.ofNullable(keys.get(name)).filter(key -> !key.isDeleted());
    }

    /** @param version a version, or empty / null for the current one */
    public KeyVersion version(String name, String version) {
        HsmKey key = live(name);
        if (version == null || version.isEmpty()) {
            return key.latest();
        }
        return key.version(version).orElseThrow(() -> KeyVaultError.keyNotFound(name + "/" + version));
    }

    public KeyVersion update(String name, String version, KeyRequests.Update update) {
        KeyVersion current = version(name, version);
        KeyAttributes attributes = current.attributes();
        KeyAttributes changed = new KeyAttributes(
                update.enabled() != null ? update.enabled() : attributes.enabled(),
                update.notBefore() != null ? update.notBefore() : attributes.notBefore(),
                update.expires() != null ? update.expires() : attributes.expires(),
                attributes.created(), clock.instant());
        KeyVersion updated = current.withAttributes(changed);
        // The Java SDK sends "key_ops": [] when the caller passes no operations; that means "keep them".
        if (update.keyOps() != null && !update.keyOps().isEmpty()) {
            updated = updated.withKeyOps(update.keyOps());
        }
        if (update.tags() != null) {
            updated = updated.withTags(update.tags());
        }
        live(name).replaceVersion(updated);
        return updated;
    }

    /** Soft delete: the key stays recoverable for the HSM's retention period. */
    public HsmKey delete(String name) {
        HsmKey key = live(name);
        Instant now = clock.instant();
        key.markDeleted(new HsmKey.Deletion(now, now.plus(Duration.ofDays(properties.softDeleteRetentionInDays()))));
        return key;
    }

    /** @throws KeyVaultError 404 {@code KeyNotFound} unless the key is deleted */
    public HsmKey deleted(String name) {
        HsmKey key = keys.get(name);
        if (key == null || !key.isDeleted()) {
            throw new KeyVaultError(404, "KeyNotFound", "Deleted Key not found: " + name);
        }
        return key;
    }

    public List<HsmKey> liveKeys() {
        return keys.values().stream().filter(key -> !key.isDeleted()).toList();
    }

    public List<HsmKey> deletedKeys() {
        return keys.values().stream().filter(HsmKey::isDeleted).toList();
    }

    public HsmKey recover(String name) {
        HsmKey key = deleted(name);
        key.markRecovered();
        return key;
    }

    /**
     * @throws KeyVaultError 403 {@code Forbidden} under purge protection: Azure purges the key itself
     *         after the retention period
     */
    public void purge(String name) {
        HsmKey key = deleted(name);
        if (properties.purgeProtectionEnabled()) {
            throw new KeyVaultError(403, "Forbidden", "Operation \"purge\" is not allowed because purge protection"
                    + " is enabled for this managed HSM. The service will automatically purge key " + key.name()
                    + " after the retention period has passed.");
        }
        keys.remove(name);
    }

    /**
     * On-demand rotation ({@code POST /keys/{name}/rotate}).
     *
     * @throws KeyVaultError 400 when no rotation policy was set ("You must set a key rotation policy
     *         first", managed-hsm/key-rotation.md; the code is inferred) or the version cap is reached
     */
    public KeyVersion rotate(String name) {
        HsmKey key = live(name);
        RotationPolicy policy = key.rotationPolicy().orElseThrow(() -> KeyVaultError.badParameter(
                "Key " + key.name() + " has no rotation policy. Set a key rotation policy before rotating on demand."));
        requireRoomForVersion(key);
        return addRotatedVersion(key, policy, clock.instant());
    }

    public Optional<RotationPolicy> rotationPolicy(String name) {
        return live(name).rotationPolicy();
    }

    /** Validates and stores a policy ({@code PUT /keys/{name}/rotationpolicy} body); it replaces any earlier one. */
    public RotationPolicy setRotationPolicy(String name, JsonNode body) {
        HsmKey key = live(name);
        RotationPolicy policy = RotationPolicy.parse(body, clock.instant());
        RotationPolicy stored = policy.replacing(key.rotationPolicy().orElse(null));
        key.setRotationPolicy(stored);
        return stored;
    }

    /**
     * Catches up with emulated time: rotates every live key whose policy's rotate trigger has passed
     * (each new version is created at the moment its trigger fell due, so a jump of a year with a
     * 90-day policy leaves four dated versions), and purges deleted keys past their purge date.
     *
     * @return the versions created
     */
    public List<KeyVersion> runDue(Instant now) {
        List<KeyVersion> rotated = new ArrayList<>();
        for (HsmKey key : liveKeys()) {
            for (Optional<Instant> due = nextRotation(key); due.isPresent() && !due.get().isAfter(now); due = nextRotation(key)) {
                rotated.add(addRotatedVersion(key, key.rotationPolicy().orElseThrow(), due.get()));
            }
        }
        keys.values().removeIf(key -> key.deletion().map(d -> !d.scheduledPurgeDate().isAfter(now)).orElse(false));
        return rotated;
    }

    /**
     * The first instant after {@code now} at which {@link #runDue} would rotate or purge a key, so that
     * the clock can stop there: the work of other kinds that depends on it (ARM's pickups of the new
     * version) then happens after it, not before.
     */
    public Optional<Instant> nextDueAfter(Instant now) {
        return keys.values().stream()
                .map(key -> key.isDeleted() ? key.deletion().map(HsmKey.Deletion::scheduledPurgeDate) : nextRotation(key))
                .flatMap(Optional::stream).filter(due -> due.isAfter(now)).min(Instant::compareTo);
    }

    /** When the key's policy rotates it next, if it has a rotate trigger and room for another version. */
    private static Optional<Instant> nextRotation(HsmKey key) {
        if (key.versions().size() >= MAX_VERSIONS) {
            return Optional.empty();
        }
        Instant created = key.latest().attributes().created();
        // An expiry set by hand can put the trigger before the version existed: rotate as soon as possible.
        return key.rotationPolicy().flatMap(policy -> policy.rotationDue(key.latest().attributes()))
                .map(due -> due.isAfter(created) ? due : created);
    }

    /** The new version keeps the key's type, size, operations and tags; its expiry comes from the policy. */
    private KeyVersion addRotatedVersion(HsmKey key, RotationPolicy policy, Instant at) {
        KeyVersion latest = key.latest();
        KeySpec spec = latest.material().spec();
        Instant expires = policy.expiryTime() == null ? null : policy.expiryTime().addTo(at);
        KeyVersion version = new KeyVersion(newVersionId(), new KeyMaterial(spec, keyPairs.next(spec)),
                KeyAttributes.createdAt(at, true, null, expires), latest.keyOps(), latest.tags());
        key.addVersion(version);
        return version;
    }

    private static void requireRoomForVersion(HsmKey key) {
        if (key.versions().size() >= MAX_VERSIONS) {
            throw KeyVaultError.badParameter("Key " + key.name() + " already has " + MAX_VERSIONS
                    + " versions, the most a Managed HSM key can have (rotations included).");
        }
    }

    private static String newVersionId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
