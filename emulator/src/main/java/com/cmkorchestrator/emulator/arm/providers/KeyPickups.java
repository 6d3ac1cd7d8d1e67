package com.cmkorchestrator.emulator.arm.providers;

import com.cmkorchestrator.emulator.arm.ArmContext;
import com.cmkorchestrator.emulator.arm.ArmState;
import com.cmkorchestrator.emulator.arm.ManagedIdentities;
import com.cmkorchestrator.emulator.arm.ResourceId;
import com.cmkorchestrator.emulator.cmk.KeyReference;
import com.cmkorchestrator.emulator.hsm.KeyAccessCheck;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

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
 */
public final class KeyPickups implements Runnable {
    static final Duration STORAGE_DELAY = Duration.ofHours(24);
    static final Duration DES_DELAY = Duration.ofHours(1);
    static final Duration DATABRICKS_DELAY = Duration.ofHours(1);

    private final ArmContext arm;

    public KeyPickups(ArmContext arm) {
        this.arm = arm;
    }

    @Override
    public void run() {
        synchronized (arm.state()) {
            Instant now = arm.clock().instant();
            arm.state().resources(StorageAccounts.TYPE, null).forEach(doc -> storage(doc, now));
            arm.state().resources(DiskEncryptionSets.TYPE, null).forEach(doc -> diskEncryptionSet(doc, now));
            arm.state().resources(DatabricksWorkspaces.TYPE, null).forEach(doc -> databricks(doc, now));
        }
    }

    private void storage(ObjectNode doc, Instant now) {
        JsonNode encryption = doc.path("properties").path("encryption");
        JsonNode key = encryption.path("keyvaultproperties");
        if (!StorageEncryption.KEY_VAULT.equals(encryption.path("keySource").asText()) || !key.path("keyversion").asText("").isEmpty()) {
            return;
        }
        KeyReference reference = KeyReference.of(key.path("keyvaulturi").asText(), key.path("keyname").asText(), null, corrupt(doc));
        String current = key.path("currentVersionedKeyIdentifier").asText();
        Optional<Instant> due = dueFor(doc, reference, current, STORAGE_DELAY, now);
        if (due.isEmpty()) {
            return;
        }
        String latest = arm.cmk().latestVersionId(reference).orElseThrow();
        Optional<String> principal = storagePrincipal(doc, encryption);
        if (principal.isPresent() && granted(reference, latest, principal.get())) {
            ((ObjectNode) key).put("currentVersionedKeyIdentifier", latest).put("lastKeyRotationTimestamp", due.get().toString());
        }
    }

    private void diskEncryptionSet(ObjectNode doc, Instant now) {
        ObjectNode properties = (ObjectNode) doc.get("properties");
        if (!properties.path("rotationToLatestKeyVersionEnabled").asBoolean(false)) {
            return;
        }
        String keyUrl = properties.path("activeKey").path("keyUrl").asText();
        KeyReference versioned = KeyReference.fromKeyUrl(keyUrl, corrupt(doc));
        KeyReference reference = new KeyReference(versioned.vaultUri(), versioned.keyName(), null);
        Optional<Instant> due = dueFor(doc, reference, keyUrl, DES_DELAY, now);
        if (due.isEmpty()) {
            return;
        }
        String latest = arm.cmk().latestVersionId(reference).orElseThrow();
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
        properties.put("lastKeyRotationTimestamp", due.get().toString());
        properties.remove("autoKeyRotationError");
        DiskEncryptionSets.scheduleRewrapEnd(arm, ResourceId.parse(doc.get("id").asText(), "id"), doc, now);
    }

    private void databricks(ObjectNode doc, Instant now) {
        JsonNode disk = doc.path("properties").path("encryption").path("entities").path("managedDisk");
        JsonNode principal = doc.path("properties").path("managedDiskIdentity").path("principalId");
        if (!disk.path("rotationToLatestKeyVersionEnabled").asBoolean(false) || principal.isMissingNode()) {
            return;
        }
        ObjectNode vault = (ObjectNode) disk.get("keyVaultProperties");
        KeyReference reference = KeyReference.of(vault.path("keyVaultUri").asText(), vault.path("keyName").asText(), null, corrupt(doc));
        String current = reference.keyUrl() + "/" + vault.path("keyVersion").asText();
        Optional<Instant> due = dueFor(doc, reference, current, DATABRICKS_DELAY, now);
        if (due.isEmpty()) {
            return;
        }
        String latest = arm.cmk().latestVersionId(reference).orElseThrow();
        if (granted(reference, latest, principal.asText())) {
            vault.put("keyVersion", KeyReference.versionOf(latest));
        }
    }

    /**
     * When the resource should move to the newest version: {@code delay} after that version was
     * created (or first seen, when the HSM does not say), if that is not in the future.
     */
    private Optional<Instant> dueFor(ObjectNode doc, KeyReference reference, String current, Duration delay, Instant now) {
        Optional<String> latest = arm.cmk().latestVersionId(reference);
        ObjectNode notes = notes(doc);
        if (latest.isEmpty() || sameKey(latest.get(), current)) {
            notes.remove("pickup");
            return Optional.empty();
        }
        ObjectNode pickup = notes.with("pickup");
        if (!latest.get().equals(pickup.path("version").asText())) {
            Instant appeared = arm.fleet().byUri(reference.vaultUri())
                    .flatMap(hsm -> hsm.versionCreated(reference.keyName(), KeyReference.versionOf(latest.get())))
                    .orElse(now);
            pickup.put("version", latest.get()).put("appeared", appeared.toString());
        }
        Instant due = Instant.parse(pickup.get("appeared").asText()).plus(delay);
        return due.isAfter(now) ? Optional.empty() : Optional.of(due);
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
