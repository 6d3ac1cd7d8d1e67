package com.cmkorchestrator.core.ports;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySlot;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The customer-managed-key state of a bound resource, one record per kind (azure-facts 7). Only what the
 * binders and the verifier compare is carried.
 */
public sealed interface TargetState {

    ArmId id();

    String location();

    /** {@code properties.provisioningState}: binds wait while it is not terminal. */
    String provisioningState();

    /** The key each slot references as written in the resource (versionless for auto Storage). */
    Map<KeySlot, KeyRef> references();

    /** The user-assigned identities attached to the resource (none for Databricks, which uses its own principals). */
    default Set<ArmId> userAssignedIdentities() {
        return Set.of();
    }

    default boolean isBusy() {
        String state = provisioningState();
        return state != null && !state.equalsIgnoreCase("Succeeded") && !state.equalsIgnoreCase("Failed")
                && !state.equalsIgnoreCase("Canceled");
    }

    /**
     * A storage account ({@code Microsoft.Storage/storageAccounts}).
     *
     * @param userAssignedIdentities         keys of {@code identity.userAssignedIdentities}
     * @param key                            {@code encryption.keyvaultproperties} when {@code keySource} is
     *                                       {@code Microsoft.Keyvault} ({@code keyversion} "" means versionless), else null
     * @param encryptionIdentity             {@code encryption.identity.userAssignedIdentity}, or null
     * @param currentVersionedKeyIdentifier  read-only: the version Storage actually uses, or null
     * @param lastKeyRotationTimestamp       read-only, or null
     */
    record StorageAccountState(ArmId id, String location, String provisioningState, Set<ArmId> userAssignedIdentities,
                               KeyRef key, ArmId encryptionIdentity, KeyRef currentVersionedKeyIdentifier,
                               Instant lastKeyRotationTimestamp) implements TargetState {
        public StorageAccountState {
            Objects.requireNonNull(id, "id");
            userAssignedIdentities = Set.copyOf(userAssignedIdentities);
        }

        @Override
        public Map<KeySlot, KeyRef> references() {
            return key == null ? Map.of() : Map.of(KeySlot.STORAGE_ENCRYPTION, key);
        }
    }

    /**
     * A disk encryption set ({@code Microsoft.Compute/diskEncryptionSets}).
     *
     * @param userAssignedIdentities             keys of {@code identity.userAssignedIdentities}
     * @param activeKey                          {@code activeKey.keyUrl} (always versioned), or null
     * @param rotationToLatestKeyVersionEnabled  {@code rotationToLatestKeyVersionEnabled}
     * @param autoKeyRotationError               read-only {@code autoKeyRotationError}, or null
     * @param lastKeyRotationTimestamp           read-only, or null
     */
    record DiskEncryptionSetState(ArmId id, String location, String provisioningState,
                                  Set<ArmId> userAssignedIdentities, KeyRef activeKey,
                                  boolean rotationToLatestKeyVersionEnabled, AzureErrorDetail autoKeyRotationError,
                                  Instant lastKeyRotationTimestamp) implements TargetState {
        public DiskEncryptionSetState {
            Objects.requireNonNull(id, "id");
            userAssignedIdentities = Set.copyOf(userAssignedIdentities);
        }

        @Override
        public Map<KeySlot, KeyRef> references() {
            return activeKey == null ? Map.of() : Map.of(KeySlot.DES_ACTIVE_KEY, activeKey);
        }

        public Optional<AzureErrorDetail> rotationError() {
            return Optional.ofNullable(autoKeyRotationError);
        }
    }

    /**
     * A Databricks workspace ({@code Microsoft.Databricks/workspaces}).
     *
     * @param managedServicesKey         {@code encryption.entities.managedServices.keyVaultProperties}, or null
     * @param managedDiskKey             {@code encryption.entities.managedDisk.keyVaultProperties}, or null
     * @param managedDiskAutoRotation    {@code encryption.entities.managedDisk.rotationToLatestKeyVersionEnabled}
     * @param managedDiskIdentityPrincipalId {@code managedDiskIdentity.principalId}: exists only once the workspace
     *                                   encrypts managed disks, which is why its grant is a second pass
     */
    record DatabricksWorkspaceState(ArmId id, String location, String provisioningState, KeyRef managedServicesKey,
                                    KeyRef managedDiskKey, boolean managedDiskAutoRotation,
                                    String managedDiskIdentityPrincipalId) implements TargetState {
        public DatabricksWorkspaceState {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public Map<KeySlot, KeyRef> references() {
            java.util.EnumMap<KeySlot, KeyRef> refs = new java.util.EnumMap<>(KeySlot.class);
            if (managedServicesKey != null) {
                refs.put(KeySlot.DATABRICKS_MANAGED_SERVICES, managedServicesKey);
            }
            if (managedDiskKey != null) {
                refs.put(KeySlot.DATABRICKS_MANAGED_DISK, managedDiskKey);
            }
            return Map.copyOf(refs);
        }

        public Optional<String> managedDiskPrincipal() {
            return Optional.ofNullable(managedDiskIdentityPrincipalId);
        }
    }
}
