package com.cmkorchestrator.core.model;

import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of resource a key can be bound to, with the Azure facts each kind brings (azure-facts 7).
 */
public enum TargetKind implements JsonNamed {
    /** Versionless reference; Azure checks for a new version once a day, so old versions stay enabled 24 h. */
    STORAGE_ACCOUNT("Microsoft.Storage/storageAccounts", "storageAccount", Duration.ofHours(24), true),
    /** Versioned {@code keyUrl}; with {@code rotationToLatestKeyVersionEnabled} Azure moves it within one hour. */
    DISK_ENCRYPTION_SET("Microsoft.Compute/diskEncryptionSets", "diskEncryptionSet", Duration.ofHours(1), true),
    /**
     * Versioned keys for managed services and managed disk. Databricks' guidance is to keep the old key 24 h
     * after rebinding managed services, the longer of the workspace's two windows.
     * Databricks authenticates with its own principals, not a user-assigned identity.
     */
    DATABRICKS_WORKSPACE("Microsoft.Databricks/workspaces", "databricksWorkspace", Duration.ofHours(24), false);

    private final String resourceType;
    private final String json;
    private final Duration pickupWindow;
    private final boolean usesUserAssignedIdentity;

    TargetKind(String resourceType, String json, Duration pickupWindow, boolean usesUserAssignedIdentity) {
        this.resourceType = resourceType;
        this.json = json;
        this.pickupWindow = pickupWindow;
        this.usesUserAssignedIdentity = usesUserAssignedIdentity;
    }

    /** The kind whose ARM type the ID carries, if any. */
    public static Optional<TargetKind> of(ArmId target) {
        return target.fullResourceType().flatMap(type -> Arrays.stream(values())
                .filter(kind -> kind.resourceType.equalsIgnoreCase(type))
                .findFirst());
    }

    @JsonValue
    @Override
    public String json() {
        return json;
    }

    /** ARM resource type, e.g. {@code Microsoft.Storage/storageAccounts}. */
    public String resourceType() {
        return resourceType;
    }

    /**
     * How long the service may keep using a version after it stops being referenced (Storage 24 h, DES 1 h):
     * the time an old version must stay enabled, and the time after which an auto reference is verified.
     */
    public Duration pickupWindow() {
        return pickupWindow;
    }

    /** Storage and DES reach the key through a user-assigned identity; Databricks through its own principals. */
    public boolean usesUserAssignedIdentity() {
        return usesUserAssignedIdentity;
    }

    /** The version policy used when the binding does not say: every kind follows new versions where Azure can. */
    public VersionPolicy defaultVersionPolicy() {
        return VersionPolicy.AUTO;
    }

    public List<KeySlot> slots() {
        return Arrays.stream(KeySlot.values()).filter(slot -> slot.kind() == this).toList();
    }
}
