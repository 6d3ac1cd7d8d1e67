package com.cmkorchestrator.core.sweep;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;

import java.time.Instant;
import java.util.Optional;

/**
 * What the health sweep can tell about a binding from its resource as ARM listed it and its key as read once for all
 * its bindings, without reading the resource on its own: whether anything differs from what the binding wants and its
 * last pass saw, or a re-check is due. Any such reason runs the binding's reconcile pass, which then repairs, rebinds
 * or records; no reason means the stored status still holds and the sweep spends nothing more on the binding.
 *
 * <p>What a listing cannot show (a grant removed on the HSM, say) is left to the binding's own scheduled re-check.
 */
public final class ListedDrift {

    private ListedDrift() {
    }

    /**
     * @param status the binding's stored status, or null before its first pass
     * @param listed the resource as listed, or empty when the listing of its scope does not have it
     * @return why the binding needs a pass now, or empty when the listing shows it as its last pass left it
     */
    public static Optional<String> reasonToReconcile(Binding binding, BindingStatus status,
                                                     Optional<TargetState> listed, SweptKey key, Instant now) {
        if (status == null) {
            return Optional.of("never reconciled");
        }
        if (status.nextCheckAt() == null) {
            return Optional.of("no re-check was scheduled");
        }
        if (!status.nextCheckAt().isAfter(now)) {
            return Optional.of("its re-check was due at " + status.nextCheckAt());
        }
        if (!status.isReady()) {
            // its scheduled re-check comes at nextCheckAt; the findings come from the stored status meanwhile
            return Optional.empty();
        }
        if (key.state() == null) {
            return Optional.of("its key could not be read: " + key.unreadable());
        }
        if (key.expiryNeedsAction()) {
            return Optional.of("key " + key.state().name() + " expired or nears expiry with no rotation due in time");
        }
        if (listed.isEmpty()) {
            return Optional.of("the resource is not in its scope's listing");
        }
        Optional<String> mark = markChanged(status, key.state());
        if (mark.isPresent()) {
            return mark;
        }
        Optional<String> differs = differs(binding, status, listed.get(), key, now);
        return differs.isPresent() ? differs : newerVersion(status, key.state());
    }

    /**
     * A key the app created that lost (or got back) its {@code managed-by} tag since the last pass: the pass reports
     * it as {@code KeyMarkRemoved}, a finding (an adopted key never carried the mark, so only {@code KeyPresent} and
     * {@code KeyMarkRemoved} say anything about it).
     */
    private static Optional<String> markChanged(BindingStatus status, KeyState key) {
        Reason lastSeen = status.condition(ConditionType.KEY_READY).reason();
        if (lastSeen == Reason.KEY_PRESENT && !key.carriesTheAppsMark()) {
            return Optional.of("key " + key.name() + " lost its " + KeyState.MANAGED_BY + " tag");
        }
        if (lastSeen == Reason.KEY_MARK_REMOVED && key.carriesTheAppsMark()) {
            return Optional.of("key " + key.name() + " carries its " + KeyState.MANAGED_BY + " tag again");
        }
        return Optional.empty();
    }

    /**
     * The key has a version its binding's last pass did not see: a key event that was missed or is still on its way.
     * The pass records it (a versionless slot then awaits the service's pickup, with the re-check after the window
     * scheduled), so that the status and the dashboard do not go on showing the old version as the latest.
     */
    private static Optional<String> newerVersion(BindingStatus status, KeyState key) {
        String seen = status.condition(ConditionType.KEY_READY).keyVersion();
        String latest = key.latest().version();
        return seen == null || seen.equalsIgnoreCase(latest) ? Optional.empty()
                : Optional.of("key " + key.name() + " has version " + latest + ", newer than " + seen
                + " its last pass saw");
    }

    private static Optional<String> differs(Binding binding, BindingStatus status, TargetState target, SweptKey key,
                                            Instant now) {
        for (KeySlot slot : binding.kind().slots()) {
            Optional<String> slotDrift = slot(binding, status, target, slot, key, now);
            if (slotDrift.isPresent()) {
                return slotDrift;
            }
        }
        return kindSettings(binding, target);
    }

    private static Optional<String> slot(Binding binding, BindingStatus status, TargetState target, KeySlot slot,
                                         SweptKey key, Instant now) {
        KeyRef written = target.references().get(slot);
        KeyRef wanted = key.ref();
        if (written == null || !written.sameKey(wanted)) {
            return Optional.of(slot.json() + " references " + (written == null ? "no key" : written) + ", not "
                    + wanted);
        }
        // only Storage follows new versions through a versionless reference; every other slot names a version
        boolean versionless = slot == KeySlot.STORAGE_ENCRYPTION && binding.versionPolicy() == VersionPolicy.AUTO;
        if (versionless != (written.version() == null)) {
            return Optional.of(slot.json() + " references " + written + ", "
                    + (versionless ? "not versionless" : "versionless"));
        }
        KeyState state = key.state();
        KeyVersion latest = state.latest();
        if (binding.isPinned(slot) && !latest.version().equalsIgnoreCase(written.version())) {
            return Optional.of(slot.json() + " is on version " + written.version() + "; the latest is "
                    + latest.version());
        }
        Optional<String> used = inForce(target, written);
        if (used.isEmpty()) {
            return Optional.of(slot.json() + ": the service reports no version in use");
        }
        if (!used.get().equalsIgnoreCase(status.versionInUse(slot).orElse(""))) {
            return Optional.of(slot.json() + " uses version " + used.get() + "; its last pass saw "
                    + status.versionInUse(slot).orElse("none"));
        }
        Optional<KeyVersion> version = state.version(used.get());
        if (version.isEmpty() || !version.get().isUsableAt(now)) {
            return Optional.of(slot.json() + " uses version " + used.get() + ", which is missing, disabled or expired");
        }
        Instant pickupEnds = latest.createdOn().plus(binding.kind().pickupWindow());
        if (!latest.version().equalsIgnoreCase(used.get()) && !now.isBefore(pickupEnds)) {
            return Optional.of(slot.json() + " still uses " + used.get() + ", past the pickup window of "
                    + latest.version());
        }
        return Optional.empty();
    }

    /** The version a slot actually uses: Storage reports it apart from a versionless reference. */
    private static Optional<String> inForce(TargetState target, KeyRef written) {
        if (written.version() != null) {
            return Optional.of(written.version());
        }
        return target instanceof TargetState.StorageAccountState storage
                ? Optional.ofNullable(storage.currentVersionedKeyIdentifier()).map(KeyRef::version)
                : Optional.empty();
    }

    private static Optional<String> kindSettings(Binding binding, TargetState target) {
        boolean auto = binding.versionPolicy() == VersionPolicy.AUTO;
        if (target instanceof TargetState.StorageAccountState storage) {
            ArmId identity = binding.identityId().orElseThrow();
            if (!identity.equals(storage.encryptionIdentity())
                    || !storage.userAssignedIdentities().contains(identity)) {
                return Optional.of("the account does not encrypt through identity " + identity.resourceName());
            }
        } else if (target instanceof TargetState.DiskEncryptionSetState des) {
            ArmId identity = binding.identityId().orElseThrow();
            if (!des.userAssignedIdentities().contains(identity)) {
                return Optional.of("identity " + identity.resourceName() + " is no longer attached");
            }
            if (des.rotationToLatestKeyVersionEnabled() != auto) {
                return Optional.of("rotationToLatestKeyVersionEnabled is " + des.rotationToLatestKeyVersionEnabled());
            }
            if (des.rotationError().isPresent()) {
                return Optional.of("autoKeyRotationError " + des.rotationError().get().code());
            }
        } else if (target instanceof TargetState.DatabricksWorkspaceState workspace
                && workspace.managedDiskAutoRotation() != auto) {
            return Optional.of("managedDisk rotationToLatestKeyVersionEnabled is "
                    + workspace.managedDiskAutoRotation());
        }
        return Optional.empty();
    }
}
