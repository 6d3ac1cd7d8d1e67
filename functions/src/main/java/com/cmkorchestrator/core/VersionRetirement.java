package com.cmkorchestrator.core;

import com.cmkorchestrator.core.engine.Write;
import com.cmkorchestrator.core.engine.Writes;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.ports.AzurePorts;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.safety.VersionReference;
import com.cmkorchestrator.core.safety.VersionRetentionGuard;
import com.cmkorchestrator.core.status.VersionUse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Disables a key version only after the retention guard has looked at every binding twice over: the resource as
 * Azure reports it now, and the versions the status remembers it leaving.
 */
final class VersionRetirement {

    private final AzurePorts ports;
    private final VersionRetentionGuard guard;

    VersionRetirement(AzurePorts ports, VersionRetentionGuard guard) {
        this.ports = ports;
        this.guard = guard;
    }

    void retire(ArmId hsm, KeyRef version, KeyState key, List<TrackedBinding> bindings, Instant now, Writes writes) {
        List<VersionReference> references = new ArrayList<>();
        // every binding, not only those naming the key now: one moved to another key may still use, or have just
        // left, a version of this one (the guard keeps only references to this key; version IDs are unique)
        for (TrackedBinding tracked : bindings) {
            ArmId target = tracked.binding().target();
            ports.targets().read(target).ifPresent(state -> references.addAll(live(target, state)));
            if (tracked.status() != null) {
                for (VersionUse use : tracked.status().versions()) {
                    references.add(new VersionReference(target, use.slot(), version.withVersion(use.version()),
                            use.leftUseAt()));
                }
            }
        }
        guard.requireRetirable(version, key, references, now);
        writes.perform(Write.Kind.DISABLE_KEY_VERSION, hsm, "disable " + version,
                () -> ports.keys().disableVersion(version.hsmUri(), version.name(), version.version()));
    }

    private static List<VersionReference> live(ArmId target, TargetState state) {
        List<VersionReference> live = new ArrayList<>();
        for (Map.Entry<KeySlot, KeyRef> reference : state.references().entrySet()) {
            live.add(VersionReference.live(target, reference.getKey(), reference.getValue()));
        }
        if (state instanceof TargetState.StorageAccountState storage && storage.currentVersionedKeyIdentifier() != null) {
            live.add(VersionReference.live(target, KeySlot.STORAGE_ENCRYPTION, storage.currentVersionedKeyIdentifier()));
        }
        return live;
    }
}
