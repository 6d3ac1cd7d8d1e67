package com.cmkorchestrator.core.model;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One place in a resource that references a key. Storage and DES have one; Databricks has two with
 * different rotation abilities, which is why rotation decisions are made per slot (azure-facts 7).
 */
public enum KeySlot implements JsonNamed {
    /** {@code properties.encryption.keyvaultproperties} of a storage account. */
    STORAGE_ENCRYPTION("encryption", TargetKind.STORAGE_ACCOUNT, true),
    /** {@code properties.activeKey} of a disk encryption set. */
    DES_ACTIVE_KEY("activeKey", TargetKind.DISK_ENCRYPTION_SET, true),
    /** {@code properties.encryption.entities.managedServices}: no auto-rotation flag exists, it must be rebound. */
    DATABRICKS_MANAGED_SERVICES("managedServices", TargetKind.DATABRICKS_WORKSPACE, false),
    /** {@code properties.encryption.entities.managedDisk}: follows new versions with {@code rotationToLatestKeyVersionEnabled}. */
    DATABRICKS_MANAGED_DISK("managedDisk", TargetKind.DATABRICKS_WORKSPACE, true);

    private final String json;
    private final TargetKind kind;
    private final boolean canAutoRotate;

    KeySlot(String json, TargetKind kind, boolean canAutoRotate) {
        this.json = json;
        this.kind = kind;
        this.canAutoRotate = canAutoRotate;
    }

    @JsonValue
    @Override
    public String json() {
        return json;
    }

    public TargetKind kind() {
        return kind;
    }

    /** True when the service moves this slot to new versions by itself under the given policy. */
    public boolean followsNewVersions(VersionPolicy policy) {
        return canAutoRotate && policy == VersionPolicy.AUTO;
    }
}
