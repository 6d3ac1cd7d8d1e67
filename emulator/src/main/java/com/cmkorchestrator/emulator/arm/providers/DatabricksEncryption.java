package com.cmkorchestrator.emulator.arm.providers;

import com.cmkorchestrator.emulator.arm.ArmCall;
import com.cmkorchestrator.emulator.arm.ArmContext;
import com.cmkorchestrator.emulator.arm.RequestBody;
import com.cmkorchestrator.emulator.cmk.DenialWording;
import com.cmkorchestrator.emulator.cmk.KeyReference;
import com.cmkorchestrator.emulator.transport.EmuException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.UUID;

/**
 * A Databricks workspace's customer-managed keys: {@code encryption.entities.managedServices}
 * (used by the AzureDatabricks first-party app, never auto-rotated) and {@code managedDisk} (used
 * by the workspace's {@code managedDiskIdentity}, optionally rotated to the latest version). Both
 * need {@code keyVersion}. The managed disk identity is created with the first managed disk
 * encryption and cannot hold a role before that, so only later key changes are checked against it.
 * {@code prepareEncryption} gives the workspace its {@code storageAccountIdentity} (DBFS encryption).
 */
final class DatabricksEncryption {
    /**
     * Databricks' answers when the principal cannot use the key, and when the HSM lacks purge
     * protection ("HSM needs purge protection", Databricks CMK docs; the code is the emulator's).
     */
    static final DenialWording DENIED = new DenialWording((key, principal, denied) -> new EmuException(400,
            "InvalidEncryptionKeyVaultAccess", "Unable to perform the operation for the workspace: 'PERMISSION_DENIED: "
                    + "Invalid permissions on the specified KeyVault " + key.vaultUri() + ". Please give " + principal
                    + " the following access permissions to the given KeyVault: [Get, Wrap, Unwrap]. Wrapped Message: "
                    + denied.code() + ": " + denied.message() + "'."),
            key -> new EmuException(400, "InvalidEncryptionKeyVaultPurgeProtection", "The key vault " + key.vaultUri()
                    + " used for customer-managed keys must have soft delete and purge protection enabled."));

    private final ArmContext arm;

    DatabricksEncryption(ArmContext arm) {
        this.arm = arm;
    }

    /**
     * Validates and enforces the request's encryption, adding the read-only identities to {@code properties}.
     *
     * @param skuName the workspace's tier: customer-managed keys need {@code premium}
     */
    void apply(ArmCall call, ObjectNode doc, ObjectNode properties, ObjectNode previous, String managedGroupId, String skuName) {
        ObjectNode encryption = RequestBody.object(properties, "encryption", "properties.encryption");
        ObjectNode entities = encryption == null ? null : RequestBody.object(encryption, "entities", "properties.encryption.entities");
        JsonNode previousEntities = previous == null ? null : previous.path("encryption").path("entities");
        boolean prepares = properties.path("parameters").path("prepareEncryption").path("value").asBoolean(false);
        boolean customerKeys = entities != null && (entities.has("managedServices") || entities.has("managedDisk"));
        if ((customerKeys || prepares) && !skuName.equalsIgnoreCase("premium")) {
            // "Customer-managed keys ... available only in the Premium plan" (Databricks CMK docs); the code is the emulator's
            throw new EmuException(400, "InvalidEncryptionSkuTier", "Customer-managed keys for a workspace need the "
                    + "premium pricing tier; this workspace's sku is '" + skuName + "'.");
        }

        ObjectNode services = entities == null ? null : RequestBody.object(entities, "managedServices",
                "properties.encryption.entities.managedServices");
        if (services != null) {
            KeyReference key = keyOf(services, "managedServices");
            if (changed(services, previousEntities, "managedServices")) {
                arm.cmk().requireAccess(key, arm.settings().databricksAppObjectId(),
                        "the AzureDatabricks application (" + arm.settings().databricksAppObjectId() + ")", DENIED);
            }
        }

        JsonNode previousDiskIdentity = previous == null ? null : previous.get("managedDiskIdentity");
        ObjectNode disk = entities == null ? null : RequestBody.object(entities, "managedDisk", "properties.encryption.entities.managedDisk");
        if (disk != null) {
            KeyReference key = keyOf(disk, "managedDisk");
            RequestBody.bool(disk, "rotationToLatestKeyVersionEnabled",
                    "properties.encryption.entities.managedDisk.rotationToLatestKeyVersionEnabled");
            if (previousDiskIdentity != null && changed(disk, previousEntities, "managedDisk")) {
                String principal = previousDiskIdentity.path("principalId").asText();
                arm.cmk().requireAccess(key, principal, "the workspace's managed disk identity (" + principal + ")", DENIED);
            }
            properties.set("managedDiskIdentity", previousDiskIdentity != null ? previousDiskIdentity.deepCopy() : newIdentity());
            properties.put("diskEncryptionSetId", managedGroupId + "/providers/Microsoft.Compute/diskEncryptionSets/"
                    + "dbr-des-" + doc.get("name").asText().toLowerCase());
        } else if (previousDiskIdentity != null) {
            properties.set("managedDiskIdentity", previousDiskIdentity.deepCopy());
        }

        JsonNode prepare = properties.path("parameters").path("prepareEncryption").path("value");
        JsonNode previousStorageIdentity = previous == null ? null : previous.get("storageAccountIdentity");
        if (previousStorageIdentity != null) {
            properties.set("storageAccountIdentity", previousStorageIdentity.deepCopy());
        } else if (prepare.asBoolean(false)) {
            properties.set("storageAccountIdentity", newIdentity());
        }
    }

    private ObjectNode newIdentity() {
        ObjectNode identity = com.cmkorchestrator.emulator.transport.EmuRequest.JSON.createObjectNode();
        identity.put("principalId", UUID.randomUUID().toString()).put("tenantId", arm.settings().tenantId())
                .put("type", "SystemAssigned");
        return identity;
    }

    /** keySource Microsoft.Keyvault with keyVaultUri, keyName and keyVersion, all required. */
    private static KeyReference keyOf(ObjectNode entity, String name) {
        String path = "properties.encryption.entities." + name;
        String keySource = RequestBody.text(entity, "keySource", path + ".keySource");
        ObjectNode vault = RequestBody.object(entity, "keyVaultProperties", path + ".keyVaultProperties");
        String uri = RequestBody.text(vault, "keyVaultUri", path + ".keyVaultProperties.keyVaultUri");
        String keyName = RequestBody.text(vault, "keyName", path + ".keyVaultProperties.keyName");
        String keyVersion = RequestBody.text(vault, "keyVersion", path + ".keyVaultProperties.keyVersion");
        if (!"Microsoft.Keyvault".equalsIgnoreCase(keySource) || uri == null || keyName == null || keyVersion == null
                || keyVersion.isEmpty()) {
            throw invalidKeyVault();
        }
        return KeyReference.of(uri, keyName, keyVersion, invalidKeyVault());
    }

    private static boolean changed(ObjectNode entity, JsonNode previousEntities, String name) {
        JsonNode before = previousEntities == null ? null : previousEntities.get(name);
        return before == null || !before.path("keyVaultProperties").equals(entity.path("keyVaultProperties"));
    }

    private static EmuException invalidKeyVault() {
        return new EmuException(400, "InvalidEncryptionEntitiesKeyVaultValue",
                "The keysource is specified as keyvault but keyvault details are not correctly provided.");
    }
}
