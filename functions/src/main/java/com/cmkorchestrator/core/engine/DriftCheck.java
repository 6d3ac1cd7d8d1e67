package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.ports.TargetBinding;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Tells a target changed outside the app from one the app is about to move itself. Judged only when the previous pass
 * had the target bound as desired (or had reported this very drift) for the same spec: then a rotation or a spec
 * change explains nothing that differs at the level checked here. What differs: a slot referencing another key or
 * none; a pinned slot on a version the binding never used; the storage account's encryption identity; the rotation
 * flags. A version an auto slot moved to is Azure's own pickup, never drift.
 */
final class DriftCheck {

    private DriftCheck() {
    }

    /** What was changed outside the app, if the pass can tell; empty when the difference is the app's own to make. */
    static Optional<String> of(Pass pass, TargetState current, KeyRef key, TargetBinding desired) {
        if (!judged(pass)) {
            return Optional.empty();
        }
        List<String> changes = new ArrayList<>();
        for (KeySlot slot : pass.binding().kind().slots()) {
            KeyRef reference = current.references().get(slot);
            if (reference == null) {
                changes.add(slot.json() + " references no key");
            } else if (!reference.sameKey(key)) {
                changes.add(slot.json() + " references " + reference.url() + " instead of " + key.url());
            } else if (pass.binding().isPinned(slot) && reference.version() != null
                    && !usedBefore(pass, slot, reference.version())) {
                changes.add(slot.json() + " was set to version " + reference.version()
                        + ", which this binding never used");
            }
        }
        settings(current, desired).ifPresent(changes::add);
        return changes.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", changes));
    }

    private static boolean judged(Pass pass) {
        if (!pass.sameSpec() || pass.previous() == null) {
            return false;
        }
        var bound = pass.previous().condition(ConditionType.BOUND);
        return bound.isTrue() || bound.reason() == Reason.DRIFT_REPORTED;
    }

    private static boolean usedBefore(Pass pass, KeySlot slot, String version) {
        return pass.previous().versions().stream()
                .anyMatch(use -> use.slot() == slot && use.version().equalsIgnoreCase(version));
    }

    private static Optional<String> settings(TargetState current, TargetBinding desired) {
        if (current instanceof TargetState.StorageAccountState storage
                && desired instanceof TargetBinding.StorageEncryption wanted
                && !Objects.equals(storage.encryptionIdentity(), wanted.identity())) {
            return Optional.of("the encryption identity is " + storage.encryptionIdentity() + " instead of "
                    + wanted.identity());
        }
        if (current instanceof TargetState.DiskEncryptionSetState des
                && desired instanceof TargetBinding.DiskEncryptionSetKey wanted
                && des.rotationToLatestKeyVersionEnabled() != wanted.rotationToLatestKeyVersionEnabled()) {
            return Optional.of("rotationToLatestKeyVersionEnabled is " + des.rotationToLatestKeyVersionEnabled());
        }
        if (current instanceof TargetState.DatabricksWorkspaceState workspace
                && desired instanceof TargetBinding.DatabricksEncryption wanted
                && workspace.managedDiskAutoRotation() != wanted.managedDiskAutoRotation()) {
            return Optional.of("managedDisk rotationToLatestKeyVersionEnabled is " + workspace.managedDiskAutoRotation());
        }
        return Optional.empty();
    }
}
