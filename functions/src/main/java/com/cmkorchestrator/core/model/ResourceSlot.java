package com.cmkorchestrator.core.model;

import java.util.Objects;

/**
 * One key slot of one resource (a storage account's {@code encryption}, a disk encryption set's {@code activeKey}, a
 * Databricks workspace's {@code managedServices} or {@code managedDisk}): what exactly one binding may own. Equality
 * ignores the ID's case, as ARM does.
 */
public record ResourceSlot(ArmId target, KeySlot slot) {

    public ResourceSlot {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(slot, "slot");
        if (TargetKind.of(target).orElse(null) != slot.kind()) {
            throw new IllegalArgumentException(slot.json() + " is no key slot of " + target);
        }
    }

    @Override
    public String toString() {
        return slot.json() + " of " + target;
    }
}
