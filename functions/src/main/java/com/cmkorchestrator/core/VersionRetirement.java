package com.cmkorchestrator.core;

import com.cmkorchestrator.core.engine.Write;
import com.cmkorchestrator.core.engine.Writes;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.ports.AzurePorts;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.retirement.ResourceUse;
import com.cmkorchestrator.core.retirement.RetirementDecision;
import com.cmkorchestrator.core.retirement.RetirementPlanner;
import com.cmkorchestrator.core.safety.VersionReference;
import com.cmkorchestrator.core.safety.VersionRetentionGuard;
import com.cmkorchestrator.core.status.VersionUse;

import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Disables key versions only after the retention guard has looked at every binding twice over (the resource as Azure
 * reports it now, and the versions the status remembers it leaving) and, for a due retirement, at every resource in
 * the allow-list that uses the key, as ARM lists them.
 */
final class VersionRetirement {

    private final AzurePorts ports;
    private final VersionRetentionGuard guard;
    private final RetirementPlanner planner = new RetirementPlanner();

    VersionRetirement(AzurePorts ports, VersionRetentionGuard guard) {
        this.ports = ports;
        this.guard = guard;
    }

    /**
     * @param resources every resource in the allow-list, as ARM lists them: one no binding manages may use the key
     */
    void retire(ArmId hsm, KeyRef version, KeyState key, List<TrackedBinding> bindings, List<TargetState> resources,
                Instant now, Writes writes) {
        List<VersionReference> references = new ArrayList<>();
        resources.forEach(resource -> references.addAll(live(resource.id(), resource)));
        // every binding, not only those naming the key now: one moved to another key may still use, or have just
        // left, a version of this one (the guard keeps only references to this key; version IDs are unique)
        for (TrackedBinding tracked : bindings) {
            ArmId target = tracked.binding().target();
            ports.targets().read(target).ifPresent(state -> references.addAll(live(target, state)));
        }
        references.addAll(remembered(version, bindings));
        guard.requireRetirable(version, key, references, now);
        disable(hsm, version, writes);
    }

    /**
     * Disables each version of {@code key} that is due ({@code retireAfter} after its successor became current) and
     * that nothing in {@code resources} (every resource of the allow-list) or the bindings' memory still needs.
     *
     * @return a decision, with its evidence, for each version that was due
     */
    List<RetirementDecision> retireDue(ArmId hsm, KeyRef key, KeyState state, Period retireAfter,
                                       List<TrackedBinding> bindings, List<TargetState> resources, Instant now,
                                       Writes writes) {
        List<ResourceUse> uses = resources.stream().flatMap(resource -> uses(resource, key, bindings).stream()).toList();
        List<RetirementDecision> decisions = planner.plan(key, state, retireAfter, uses, remembered(key, bindings), now);
        decisions.stream().filter(RetirementDecision::retire)
                .forEach(decision -> disable(hsm, key.withVersion(decision.version()), writes));
        return decisions;
    }

    private void disable(ArmId hsm, KeyRef version, Writes writes) {
        writes.perform(Write.Kind.DISABLE_KEY_VERSION, hsm, "disable " + version,
                () -> ports.keys().disableVersion(version.hsmUri(), version.name(), version.version()));
    }

    /** What every binding's status remembers of this key's versions: in use, or left at a known time. */
    private static List<VersionReference> remembered(KeyRef key, List<TrackedBinding> bindings) {
        List<VersionReference> references = new ArrayList<>();
        for (TrackedBinding tracked : bindings) {
            if (tracked.status() != null) {
                for (VersionUse use : tracked.status().versions()) {
                    references.add(new VersionReference(tracked.binding().target(), use.slot(),
                            key.withVersion(use.version()), use.leftUseAt()));
                }
            }
        }
        return references;
    }

    /** The slots of {@code resource} that reference {@code key}, with the version each uses and since when. */
    private static List<ResourceUse> uses(TargetState resource, KeyRef key, List<TrackedBinding> bindings) {
        List<ResourceUse> uses = new ArrayList<>();
        for (Map.Entry<KeySlot, KeyRef> reference : resource.references().entrySet()) {
            if (!reference.getValue().sameKey(key)) {
                continue;
            }
            KeySlot slot = reference.getKey();
            String version = inUse(resource, reference.getValue());
            Instant rotated = rotatedAt(resource);
            Optional<Instant> seen = version == null ? Optional.empty() : firstSeen(resource.id(), slot, version, bindings);
            uses.add(rotated != null ? new ResourceUse(resource.id(), slot, version, rotated, "lastKeyRotationTimestamp")
                    : new ResourceUse(resource.id(), slot, version, seen.orElse(null), "first seen by the app"));
        }
        return uses;
    }

    /** Storage reports the version it really uses apart from its (possibly versionless) reference. */
    private static String inUse(TargetState resource, KeyRef reference) {
        if (resource instanceof TargetState.StorageAccountState storage && storage.currentVersionedKeyIdentifier() != null
                && storage.currentVersionedKeyIdentifier().sameKey(reference)) {
            return storage.currentVersionedKeyIdentifier().version();
        }
        return reference.version();
    }

    private static Instant rotatedAt(TargetState resource) {
        if (resource instanceof TargetState.StorageAccountState storage) {
            return storage.lastKeyRotationTimestamp();
        }
        if (resource instanceof TargetState.DiskEncryptionSetState des) {
            return des.lastKeyRotationTimestamp();
        }
        return null; // a Databricks workspace reports no such time
    }

    /** When a binding of this resource first saw the slot on {@code version}: the move was no later. */
    private static Optional<Instant> firstSeen(ArmId target, KeySlot slot, String version, List<TrackedBinding> bindings) {
        return bindings.stream().filter(tracked -> tracked.binding().target().equals(target))
                .filter(tracked -> tracked.status() != null).flatMap(tracked -> tracked.status().versions().stream())
                .filter(use -> use.slot() == slot && use.inUse() && use.version().equalsIgnoreCase(version))
                .map(VersionUse::since).min(Instant::compareTo);
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
