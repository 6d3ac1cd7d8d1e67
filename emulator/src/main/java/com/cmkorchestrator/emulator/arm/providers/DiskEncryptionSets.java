package com.cmkorchestrator.emulator.arm.providers;

import com.cmkorchestrator.emulator.arm.ApiVersions;
import com.cmkorchestrator.emulator.arm.ArmCall;
import com.cmkorchestrator.emulator.arm.ArmContext;
import com.cmkorchestrator.emulator.arm.ManagedIdentities;
import com.cmkorchestrator.emulator.arm.RequestBody;
import com.cmkorchestrator.emulator.arm.ResourceId;
import com.cmkorchestrator.emulator.arm.TrackedResources;
import com.cmkorchestrator.emulator.cmk.DenialWording;
import com.cmkorchestrator.emulator.cmk.KeyReference;
import com.cmkorchestrator.emulator.transport.EmuException;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code Microsoft.Compute/diskEncryptionSets}. PUT, PATCH and DELETE are long-running (202 with
 * {@code Azure-AsyncOperation}, as Compute does). {@code activeKey.keyUrl} must be versioned
 * whatever {@code rotationToLatestKeyVersionEnabled} says. Binding a new key, or the same key
 * through a different identity, needs the identity's wrap/unwrap access on the key
 * ({@code KeyVaultAccessForbidden} otherwise) - except for a system-assigned identity this very
 * write creates, which cannot hold a role yet (Azure's flow: create the set, then grant its identity).
 */
public final class DiskEncryptionSets extends TrackedResources {
    public static final String TYPE = "Microsoft.Compute/diskEncryptionSets";
    /** How long a key change keeps the old key in {@code previousKeys} (disks being re-wrapped). */
    static final Duration REWRAP_WINDOW = Duration.ofMinutes(10);
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,80}$");
    private static final Set<String> ENCRYPTION_TYPES = Set.of("EncryptionAtRestWithCustomerKey",
            "EncryptionAtRestWithPlatformAndCustomerKeys", "ConfidentialVmEncryptedWithCustomerKey");

    /**
     * Compute's answers when the set's identity cannot use the key (sourced, azure-facts.md section
     * 9), and when the HSM lacks purge protection (disk-encryption.md requires it; the code is the emulator's).
     */
    static final DenialWording DENIED = new DenialWording((key, principal, denied) -> new EmuException(400,
            "KeyVaultAccessForbidden", "Unable to access key vault resource '" + key.keyUrl() + "' to unwrap key. Please "
                    + "grant get, wrap and unwrap key permissions to " + principal + "."),
            key -> new EmuException(400, "KeyVaultPurgeProtectionRequired", "The key vault of '" + key.keyUrl()
                    + "' must have both soft delete and purge protection enabled to be used with a disk encryption set.",
                    "diskEncryptionSet.properties.activeKey.keyUrl"));

    public DiskEncryptionSets(ArmContext arm) {
        super(arm);
    }

    @Override
    public String fullType() { return TYPE; }

    @Override
    public List<String> apiVersions() { return ApiVersions.COMPUTE_DISK; }

    @Override
    public void validateName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new EmuException(400, "InvalidParameter", "The disk encryption set name '" + name + "' is invalid. It "
                    + "can contain only letters, numbers, underscores and hyphens, at most 80 characters.", "diskEncryptionSetName");
        }
    }

    @Override
    public EmuResponse put(ArmCall call, ResourceId id, ObjectNode body) {
        return write(call, id, body, existing(id));
    }

    @Override
    public EmuResponse patch(ArmCall call, ResourceId id, ObjectNode body) {
        ObjectNode existing = require(id);
        return write(call, id, merged(existing, body), existing);
    }

    /** PUT and PATCH: 200, or 202 with the set in {@code Updating} and both polling headers (DiskRP spec, 2025-01-02). */
    private EmuResponse write(ArmCall call, ResourceId id, ObjectNode request, ObjectNode existing) {
        ObjectNode doc = build(call, id, request, existing);
        scheduleRewrapEnd(id, doc, call.now());
        return writeLongRunning(call, id, doc, "Microsoft.Compute", "Updating", 200, now -> { },
                operation -> arm.operations().accepted(call, operation, 202, view(doc)));
    }

    @Override
    public EmuResponse delete(ArmCall call, ResourceId id) {
        ObjectNode doc = existing(id);
        if (doc == null) {
            return EmuResponse.empty(204);
        }
        return arm.operations().respond(call, id.subscriptionId(), "Microsoft.Compute", doc.get("location").asText(),
                null, arm.settings().operationDuration().get(), now -> removed(call, id, doc, now), () -> EmuResponse.empty(200), operation -> arm.operations().accepted(call, operation, 202, null));
    }

    private ObjectNode build(ArmCall call, ResourceId id, ObjectNode request, ObjectNode existing) {
        ObjectNode doc = envelope(id, request, existing);
        JsonNode previousIdentity = existing == null ? null : existing.get("identity");
        ObjectNode identity = arm.identities().resolve(request.get("identity"), previousIdentity);
        if (identity == null) {
            throw new EmuException(400, "InvalidParameter", "A disk encryption set needs a managed identity "
                    + "(SystemAssigned or UserAssigned) to access its key.", "identity");
        }
        doc.set("identity", identity);
        ObjectNode previous = existing == null ? null : (ObjectNode) existing.get("properties");
        ObjectNode properties = propertiesOf(request);
        ObjectNode activeKey = RequestBody.object(properties, "activeKey", "properties.activeKey");
        if (activeKey == null) {
            throw new EmuException(400, "InvalidParameter", "Required parameter 'activeKey' is missing (null).",
                    "diskEncryptionSet.properties.activeKey");
        }
        String keyUrl = RequestBody.text(activeKey, "keyUrl", "properties.activeKey.keyUrl");
        KeyReference key = KeyReference.fromKeyUrl(keyUrl, notVersioned(keyUrl));
        if (!key.isVersioned()) {
            throw notVersioned(keyUrl);
        }
        ObjectNode sourceVault = RequestBody.object(activeKey, "sourceVault", "properties.activeKey.sourceVault");
        if (sourceVault != null && sourceVault.hasNonNull("id")) {
            ResourceId.parse(RequestBody.text(sourceVault, "id", "properties.activeKey.sourceVault.id"),
                    "properties.activeKey.sourceVault.id");
        }
        String encryptionType = RequestBody.text(properties, "encryptionType", "properties.encryptionType");
        if (encryptionType == null) {
            properties.put("encryptionType", "EncryptionAtRestWithCustomerKey");
        } else if (!ENCRYPTION_TYPES.contains(encryptionType)) {
            throw new EmuException(400, "InvalidParameter", "The value '" + encryptionType + "' of encryptionType is not "
                    + "valid. Valid values are " + String.join(", ", ENCRYPTION_TYPES) + ".", "encryptionType");
        }
        RequestBody.bool(properties, "rotationToLatestKeyVersionEnabled", "properties.rotationToLatestKeyVersionEnabled");

        Principal principal = principal(identity, previousIdentity);
        String previousUrl = previous == null ? null : previous.path("activeKey").path("keyUrl").asText(null);
        boolean keyChanged = previousUrl == null || !previousUrl.equalsIgnoreCase(keyUrl);
        boolean principalChanged = existing == null || !principal.oid.equals(boundPrincipal(existing));
        if ((keyChanged || principalChanged) && !principal.createdNow) {
            arm.cmk().requireAccess(key, principal.oid, principal.description, DENIED);
        }
        internal(doc).put("boundPrincipal", principal.oid);
        properties.remove("autoKeyRotationError");
        properties.remove("provisioningState");
        if (keyChanged && previousUrl != null) {
            properties.set("previousKeys", previousKeys(previous));
            properties.put("lastKeyRotationTimestamp", call.now().toString());
        } else {
            properties.set("previousKeys", previous == null ? EmuRequest.JSON.createArrayNode() : previous.path("previousKeys").deepCopy());
            if (previous != null && previous.has("lastKeyRotationTimestamp")) {
                properties.set("lastKeyRotationTimestamp", previous.get("lastKeyRotationTimestamp").deepCopy());
            }
        }
        doc.set("properties", properties);
        return doc;
    }

    private record Principal(String oid, String description, boolean createdNow) {
    }

    /** The set's single user-assigned identity if it has one, else its system-assigned identity. */
    private static Principal principal(ObjectNode identity, JsonNode previousIdentity) {
        JsonNode users = identity.get("userAssignedIdentities");
        if (users != null && users.size() > 0) {
            var first = users.fields().next();
            return new Principal(first.getValue().path("principalId").asText(),
                    "user-assigned identity '" + first.getValue().path("clientId").asText() + "'", false);
        }
        String oid = ManagedIdentities.systemPrincipal(identity).orElseThrow();
        boolean createdNow = previousIdentity == null || !oid.equals(previousIdentity.path("principalId").asText());
        return new Principal(oid, "the disk encryption set's system-assigned identity '" + oid + "'", createdNow);
    }

    static String boundPrincipal(ObjectNode stored) {
        return stored.path(com.cmkorchestrator.emulator.arm.ArmState.INTERNAL).path("boundPrincipal").asText("");
    }

    static ArrayNode previousKeys(ObjectNode previous) {
        ArrayNode keys = EmuRequest.JSON.createArrayNode();
        keys.add(previous.path("activeKey").deepCopy());
        return keys;
    }

    /** After a key change, the old key stays in {@code previousKeys} while Azure re-wraps the disks. */
    void scheduleRewrapEnd(ResourceId id, ObjectNode doc, Instant now) {
        scheduleRewrapEnd(arm, id, doc, now);
    }

    static void scheduleRewrapEnd(ArmContext arm, ResourceId id, ObjectNode doc, Instant now) {
        JsonNode previousKeys = doc.path("properties").path("previousKeys");
        if (previousKeys.isEmpty()) {
            return;
        }
        String marker = previousKeys.toString();
        arm.scheduler().at(now.plus(REWRAP_WINDOW), "re-wrap done " + id, () -> {
            synchronized (arm.state()) {
                Optional<ObjectNode> stored = arm.state().resource(id);
                stored.filter(d -> d.path("properties").path("previousKeys").toString().equals(marker))
                        .ifPresent(d -> d.with("properties").putArray("previousKeys"));
            }
        });
    }

    private static EmuException notVersioned(String keyUrl) {
        return new EmuException(400, "InvalidParameter", keyUrl + " is not a valid versioned Key Vault Key URL. It should "
                + "be in the format https://<vaultEndpoint>/keys/<keyName>/<keyVersion>.", "diskEncryptionSet.properties.activeKey.keyUrl");
    }
}
