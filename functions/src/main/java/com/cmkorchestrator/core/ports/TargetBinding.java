package com.cmkorchestrator.core.ports;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;

import java.util.Objects;

/** The customer-managed-key settings to write into a resource, one record per kind (azure-facts 7). */
public sealed interface TargetBinding {

    ArmId target();

    /** One line for the status and the write log. */
    String describe();

    /**
     * Storage: {@code PATCH storageAccounts/{name}} with {@code properties.encryption = {keySource: "Microsoft.Keyvault",
     * keyvaultproperties: {keyname, keyvaulturi: hsmUri, keyversion}, identity: {userAssignedIdentity}}}
     * ({@code StorageAccount.update().withEncryptionKeyFromKeyVault(...)} or the inner {@code StorageAccountsClient.update}).
     *
     * @param key      versionless for {@code auto} (Storage then picks up new versions daily), versioned for {@code pinned}
     * @param identity the user-assigned identity Storage uses to reach the key
     */
    record StorageEncryption(ArmId target, KeyRef key, ArmId identity) implements TargetBinding {
        public StorageEncryption {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(identity, "identity");
        }

        @Override
        public String describe() {
            return "key " + key + (key.version() == null ? " (versionless: Storage follows new versions)" : " (pinned)")
                    + " via " + identity.resourceName();
        }
    }

    /**
     * DES: {@code PATCH diskEncryptionSets/{name}} with {@code properties.activeKey.keyUrl} (versioned, always) and
     * {@code properties.rotationToLatestKeyVersionEnabled}
     * ({@code DiskEncryptionSetsClient.update} of {@code azure-resourcemanager-compute}), a long-running operation.
     *
     * @param attachIdentity whether the same PATCH also attaches {@code identity} (the adapter then reads the set's
     *                       identities first, to keep them); false when the set was seen carrying it: a key-only PATCH
     */
    record DiskEncryptionSetKey(ArmId target, KeyRef key, boolean rotationToLatestKeyVersionEnabled, ArmId identity,
                                boolean attachIdentity) implements TargetBinding {
        public DiskEncryptionSetKey {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(identity, "identity");
            if (Objects.requireNonNull(key, "key").version() == null) {
                throw new IllegalArgumentException("a disk encryption set needs a versioned key URL");
            }
        }

        /** The key, attaching the identity in the same write if the set does not carry it yet. */
        public DiskEncryptionSetKey(ArmId target, KeyRef key, boolean rotationToLatestKeyVersionEnabled, ArmId identity) {
            this(target, key, rotationToLatestKeyVersionEnabled, identity, true);
        }

        @Override
        public String describe() {
            return "keyUrl " + key + ", rotationToLatestKeyVersionEnabled=" + rotationToLatestKeyVersionEnabled
                    + (attachIdentity ? " via " + identity.resourceName() : "");
        }
    }

    /**
     * Databricks: a read-modify-write {@code PUT workspaces/{name}} (Databricks' PATCH accepts tags only; api-version
     * 2026-01-01): the workspace read right before the PUT, sent back as read with only the encryption block changed,
     * and after the write the other fields compared with what was read ({@link TargetWrite.Done#concurrentChanges()}).
     * It writes {@code properties.encryption.entities.managedServices} and {@code .managedDisk}, each
     * {@code {keySource: "Microsoft.Keyvault", keyVaultProperties: {keyVaultUri, keyName, keyVersion}}}, and
     * {@code managedDisk.rotationToLatestKeyVersionEnabled}. Both keys must be versioned.
     */
    record DatabricksEncryption(ArmId target, KeyRef managedServicesKey, KeyRef managedDiskKey,
                                boolean managedDiskAutoRotation) implements TargetBinding {
        public DatabricksEncryption {
            Objects.requireNonNull(target, "target");
            if (Objects.requireNonNull(managedServicesKey, "managedServicesKey").version() == null
                    || Objects.requireNonNull(managedDiskKey, "managedDiskKey").version() == null) {
                throw new IllegalArgumentException("Databricks needs versioned keys for managed services and managed disk");
            }
        }

        @Override
        public String describe() {
            return "managedServices " + managedServicesKey + ", managedDisk " + managedDiskKey
                    + " (rotationToLatestKeyVersionEnabled=" + managedDiskAutoRotation + ")";
        }
    }
}
