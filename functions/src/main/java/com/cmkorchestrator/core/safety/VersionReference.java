package com.cmkorchestrator.core.safety;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySlot;

import java.time.Instant;
import java.util.Objects;

/**
 * A resource slot's use of a key, live or remembered.
 *
 * @param target    the resource
 * @param slot      where in it
 * @param key       the key it references; versionless for references that follow the latest version
 * @param leftUseAt null while in use; otherwise when the slot was first seen on another version
 */
public record VersionReference(ArmId target, KeySlot slot, KeyRef key, Instant leftUseAt) {

    public VersionReference {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(key, "key");
    }

    public static VersionReference live(ArmId target, KeySlot slot, KeyRef key) {
        return new VersionReference(target, slot, key, null);
    }
}
