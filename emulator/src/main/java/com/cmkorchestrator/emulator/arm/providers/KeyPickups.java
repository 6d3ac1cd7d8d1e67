package com.cmkorchestrator.emulator.arm.providers;

import com.cmkorchestrator.emulator.arm.ArmContext;
import com.cmkorchestrator.emulator.arm.ArmState;
import com.cmkorchestrator.emulator.arm.ManagedIdentities;
import com.cmkorchestrator.emulator.arm.ResourceId;
import com.cmkorchestrator.emulator.cmk.KeyReference;
import com.cmkorchestrator.emulator.hsm.KeyAccessCheck;
import com.cmkorchestrator.emulator.time.Scheduler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Azure's own key version pickups, run on every clock tick:
 * <ul>
 *   <li>Storage with a versionless key moves {@code currentVersionedKeyIdentifier} to the newest
 *       version 24 h after it appeared (Storage "checks once daily").</li>
 *   <li>Disk Encryption Sets with {@code rotationToLatestKeyVersionEnabled} move
 *       {@code activeKey.keyUrl} after 1 h, keeping the old key in {@code previousKeys}; if the new
 *       version cannot be used they report {@code autoKeyRotationError} instead.</li>
 *   <li>Databricks {@code managedDisk} with its flag moves {@code keyVersion} after 1 h;
 *       {@code managedServices} never moves.</li>
 * </ul>
 * These are writes by Azure itself, not through ARM's front door: they raise no Event Grid event.
 *
 * <p>A sweep only ever looks at the newest version, so it must run at each pickup's own instant: it
 * tells the clock when the next one is due ({@link #nextDueAfter}), and a long advance stops there,
 * before a later policy rotation adds a newer version. A move is stamped with the instant it was
 * due, not the instant the sweep happened to run.
 */
public final class KeyPickups implements Scheduler.Sweep {
    static final Duration STORAGE_DELAY = Duration.ofHours(24);
    static final Duration DES_DELAY = Duration.ofHours(1);
    static final Duration DATABRICKS_DELAY = Duration.ofHours(1);

    private final ArmContext arm;

    /** What a resource follows: the versionless key, the versioned ID it uses now, and Azure's delay. */
    private record Follower(KeyReference key, String current, Duration delay) {
    }

    /** The newest version, which the resource does not use yet, and when it moves there. */
    private record Pickup(String latest, Instant due) {
    }

    public KeyPickups(ArmContext arm) {
        this.arm = arm;
    }

    @Override
    public void run() {
        synchronized (arm.state()) {
            Instant now = arm.clock().instant();
            arm.state().resources(StorageAccounts.TYPE, null).forEach(doc -> storageFollower(doc).ifPresent(
                    follower -> dueBy(doc, follower, now).ifPresent(pickup -> storage(doc, follower, pickup))));
            arm.state().resources(DiskEncryptionSets.TYPE, null).forEach(doc -> desFollower(doc).ifPresent(
                    follower -> dueBy(doc, follower, now).ifPresent(pickup -> diskEncryptionSet(doc, follower, pickup))));
            arm.state().resources(DatabricksWorkspaces.TYPE, null).forEach(doc -> databricksFollower(doc).ifPresent(
                    follower -> dueBy(doc, follower, now).ifPresent(pickup -> databricks(doc, follower, pickup))));
        }
    }

    /** The earliest pickup due after {@code now}; one already due (for example refused) gives no stop. */
    @Override
    public Optional<Instant> nextDueAfter(Instant now) {
        synchronized (arm.state()) {
            return Stream.of(pending(StorageAccounts.TYPE, this::storageFollower),
                            pending(DiskEncryptionSets.TYPE, this::desFollower),
                            pending(DatabricksWorkspaces.TYPE, this::databricksFollower))
                    .flatMap(pickups -> pickups).map(Pickup::due).filter(due -> due.isAfter(now)).min(Instant::compareTo);
        }
    }

    /** The pending pickups of every resource of {@code type}. */
    private Stream<Pickup> pending(String type, Function<ObjectNode, Optional<Follower>> follower) {
        return arm.state().resources(type, null).stream()
                .flatMap(doc -> follower.apply(doc).flatMap(f -> pending(doc, f)).stream());
    }

    private Optional<Follower> storageFollower(ObjectNode doc) {
        JsonNode encryption = doc.path("properties").path("encryption");
        JsonNode key = encryption.path("keyvaultproperties");
        if (!StorageEncryption.KEY_VAULT.equals(encryption.path("keySource").asText()) || !key.path("keyversion").asText("").isEmpty()) {
            return Optional.empty();
        }
        KeyReference reference = KeyReference.of(key.path("keyvaulturi").asText(), key.path("keyname").asText(), null, corrupt(doc));
        return Optional.of(new Follower(reference, key.path("currentVersionedKeyIdentifier").asText(), STORAGE_DELAY));
    }

    private void storage(ObjectNode doc, Follower follower, Pickup pickup) {
        JsonNode encryption = doc.path("properties").path("encryption");
        ObjectNode key = (ObjectNode) encryption.path("keyvaultproperties");
        Optional<String> principal = storagePrincipal(doc, encryption);
        if (principal.isPresent() && granted(follower.key(), pickup.latest(), principal.get())) {
            key.put("currentVersionedKeyIdentifier", pickup.latest()).put("lastKeyRotationTimestamp", pickup.due().toString());
        }
    }

    private Optional<Follower> desFollower(ObjectNode doc) {
        JsonNode properties = doc.path("properties");
        if (!properties.path("rotationToLatestKeyVersionEnabled").asBoolean(false)) {
            return Optional.empty();
        }
        String keyUrl = properties.path("activeKey").path("keyUrl").asText();
        KeyReference versioned = KeyReference.fromKeyUrl(keyUrl, corrupt(doc));
        return Optional.of(new Follower(new KeyReference(versioned.vaultUri(), versioned.keyName(), null), keyUrl, DES_DELAY));
    }

    private void diskEncryptionSet(ObjectNode doc, Follower follower, Pickup pickup) {
        ObjectNode properties = (ObjectNode) doc.get("properties");
        KeyReference reference = follower.key();
        String latest = pickup.latest();
        Optional<String> principal = desPrincipal(doc);
        if (principal.isEmpty()) {
            properties.putObject("autoKeyRotationError").put("code", "ManagedServiceIdentityNotFound")
                    .put("message", "Auto-key rotation was disabled as managed service identity associated with "
                            + "DiskEncryptionSet '" + doc.get("name").asText() + "' was not found. Please update the "
                            + "resource with correct identity to re-enable auto-key rotation.");
            return;
        }
        KeyAccessCheck check = arm.cmk().check(new KeyReference(reference.vaultUri(), reference.keyName(),
                KeyReference.versionOf(latest)), principal.get());
        if (check instanceof KeyAccessCheck.Denied denied) {
            properties.putObject("autoKeyRotationError").put("code", "KeyVaultAccessForbidden")
                    .put("message", "Auto-key rotation to '" + latest + "' failed: unable to access the key with the disk "
                            + "encryption set's identity. " + denied.code() + ": " + denied.message());
            return;
        }
        properties.set("previousKeys", DiskEncryptionSets.previousKeys(properties));
        ((ObjectNode) properties.get("activeKey")).put("keyUrl", latest);
        properties.put("lastKeyRotationTimestamp", pickup.due().toString());
        properties.remove("autoKeyRotationError");
        // the re-wrap window runs from the pickup, so a later pickup in the same advance finds it over
        DiskEncryptionSets.scheduleRewrapEnd(arm, ResourceId.parse(doc.get("id").asText(), "id"), doc, pickup.due());
    }

    private Optional<Follower> databricksFollower(ObjectNode doc) {
        JsonNode disk = doc.path("properties").path("encryption").path("entities").path("managedDisk");
        JsonNode principal = doc.path("properties").path("managedDiskIdentity").path("principalId");
        if (!disk.path("rotationToLatestKeyVersionEnabled").asBoolean(false) || principal.isMissingNode()) {
            return Optional.empty();
        }
        JsonNode vault = disk.path("keyVaultProperties");
        KeyReference reference = KeyReference.of(vault.path("keyVaultUri").asText(), vault.path("keyName").asText(), null, corrupt(doc));
        return Optional.of(new Follower(reference, reference.keyUrl() + "/" + vault.path("keyVersion").asText(), DATABRICKS_DELAY));
    }

    private void databricks(ObjectNode doc, Follower follower, Pickup pickup) {
        ObjectNode vault = (ObjectNode) doc.path("properties").path("encryption").path("entities").path("managedDisk")
                .path("keyVaultProperties");
        String principal = doc.path("properties").path("managedDiskIdentity").path("principalId").asText();
        if (granted(follower.key(), pickup.latest(), principal)) {
            vault.put("keyVersion", KeyReference.versionOf(pickup.latest()));
        }
    }

    /**
     * The pending pickup if it is due by {@code now}. First notes when ARM first saw a new version,
     * for HSMs that cannot say when they created it.
     */
    private Optional<Pickup> dueBy(ObjectNode doc, Follower follower, Instant now) {
        Optional<String> latest = arm.cmk().latestVersionId(follower.key());
        ObjectNode notes = notes(doc);
        if (latest.isEmpty() || sameKey(latest.get(), follower.current())) {
            notes.remove("pickup");
            return Optional.empty();
        }
        if (created(follower.key(), latest.get()).isEmpty() && !latest.get().equals(notes.path("pickup").path("version").asText())) {
            notes.putObject("pickup").put("version", latest.get()).put("appeared", now.toString());
        }
        return pending(doc, follower).filter(pickup -> !pickup.due().isAfter(now));
    }

    /**
     * The move to the newest version the resource does not use yet, {@code delay} after that version
     * was created (or first seen, when the HSM does not say). Changes nothing.
     */
    private Optional<Pickup> pending(ObjectNode doc, Follower follower) {
        Optional<String> latest = arm.cmk().latestVersionId(follower.key());
        if (latest.isEmpty() || sameKey(latest.get(), follower.current())) {
            return Optional.empty();
        }
        JsonNode noted = doc.path(ArmState.INTERNAL).path("pickup");
        Optional<Instant> appeared = created(follower.key(), latest.get()).or(() -> latest.get().equals(noted.path("version").asText())
                ? Optional.of(Instant.parse(noted.path("appeared").asText())) : Optional.empty());
        return appeared.map(at -> new Pickup(latest.get(), at.plus(follower.delay())));
    }

    /** When the HSM created {@code versionedId}, if it says. */
    private Optional<Instant> created(KeyReference key, String versionedId) {
        return arm.fleet().byUri(key.vaultUri())
                .flatMap(hsm -> hsm.versionCreated(key.keyName(), KeyReference.versionOf(versionedId)));
    }

    private boolean granted(KeyReference reference, String versionedId, String principal) {
        KeyReference version = new KeyReference(reference.vaultUri(), reference.keyName(), KeyReference.versionOf(versionedId));
        return arm.cmk().check(version, principal) instanceof KeyAccessCheck.Granted;
    }

    private Optional<String> storagePrincipal(ObjectNode doc, JsonNode encryption) {
        String userAssigned = encryption.path("identity").path("userAssignedIdentity").asText("");
        ObjectNode identity = doc.get("identity") instanceof ObjectNode block ? block : null;
        return userAssigned.isEmpty() ? ManagedIdentities.systemPrincipal(identity)
                : ManagedIdentities.userAssignedPrincipal(identity, userAssigned);
    }

    /** The set's identity as it is now: a deleted user-assigned identity is gone. */
    private Optional<String> desPrincipal(ObjectNode doc) {
        JsonNode users = doc.path("identity").path("userAssignedIdentities");
        if (users.size() > 0) {
            String id = users.fieldNames().next();
            return arm.state().resource(ResourceId.parse(id, "identity.userAssignedIdentities"))
                    .map(identity -> identity.path("properties").path("principalId").asText());
        }
        return ManagedIdentities.systemPrincipal(doc.get("identity") instanceof ObjectNode block ? block : null);
    }

    private static boolean sameKey(String a, String b) {
        return a.replaceAll("/$", "").equalsIgnoreCase(b.replaceAll("/$", ""));
    }

    /** Stored documents were validated when written; this only guards against emulator bugs. */
    private static com.cmkorchestrator.emulator.transport.EmuException corrupt(ObjectNode doc) {
        return new com.cmkorchestrator.emulator.transport.EmuException(500, "InternalServerError",
                "emulator bug: stored key reference of " + doc.path("id").asText() + " is unreadable");
    }

    private static ObjectNode notes(ObjectNode doc) {
        return doc.has(ArmState.INTERNAL) ? (ObjectNode) doc.get(ArmState.INTERNAL) : doc.putObject(ArmState.INTERNAL);
    }
}
