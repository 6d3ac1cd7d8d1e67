package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.cmkorchestrator.core.status.ConditionType.VERIFIED;

/**
 * {@code Verified}: the resource as the pass last saw it (read, or as ARM answered the pass's write: never read again
 * for this), every slot uses an enabled, unexpired version of the binding's key;
 * an auto slot is on the latest version or still inside its pickup window (then {@code True/AwaitingPickup}, looked
 * at again when the window closes); a DES reports no auto-rotation error;
 * a Databricks workspace's managed disk identity holds its grant.
 */
final class EnsureVerified implements Step<Bound, Verified> {

    @Override
    public ConditionType type() {
        return VERIFIED;
    }

    @Override
    public Link<Verified> ensure(Pass pass, Bound bound) {
        TargetState target = bound.target();
        KeyReady key = bound.key();
        Map<KeySlot, KeyRef> used = inForce(target);
        Map<KeySlot, String> versions = new EnumMap<>(KeySlot.class);
        List<String> seen = new ArrayList<>();
        List<StepResult> pickups = new ArrayList<>();
        for (KeySlot slot : pass.binding().kind().slots()) {
            Optional<StepResult> finding = checkSlot(pass, key, target, slot, used.get(slot));
            if (finding.isPresent() && !finding.get().condition().isTrue()) {
                return Link.stops(finding.get());
            }
            finding.ifPresent(pickups::add);
            versions.put(slot, used.get(slot).version());
            pass.seen().inForce(slot, used.get(slot).version());
            seen.add(slot.json() + "=" + used.get(slot).version());
        }
        Optional<StepResult> kindProblem = checkKind(pass, target, bound.access().principals());
        if (kindProblem.isPresent()) {
            return Link.stops(kindProblem.get());
        }
        String first = versions.values().iterator().next();
        String inForce = "in force: " + String.join(", ", seen);
        if (pickups.isEmpty()) {
            return Link.holds(StepResult.of(Condition.isTrue(VERIFIED, Reason.VERIFIED, inForce, pass.now())
                    .withKeyVersion(first)), new Verified(versions));
        }
        // still verified (every slot is on an enabled, unexpired version of the key), looked at again when the
        // first pickup window closes: then the slot is on the new version, or the pickup is overdue
        Duration firstWindowEnds = pickups.stream().map(StepResult::recheck).min(Duration::compareTo).orElseThrow();
        return Link.holds(StepResult.of(Condition.isTrue(VERIFIED, Reason.AWAITING_PICKUP, inForce + "; "
                + String.join("; ", pickups.stream().map(p -> p.condition().message()).toList()), pass.now())
                .withKeyVersion(first), firstWindowEnds), new Verified(versions));
    }

    /** The version each slot actually uses: Storage reports it apart from the (versionless) reference. */
    private static Map<KeySlot, KeyRef> inForce(TargetState target) {
        if (target instanceof TargetState.StorageAccountState storage) {
            Map<KeySlot, KeyRef> used = new EnumMap<>(KeySlot.class);
            KeyRef reported = storage.currentVersionedKeyIdentifier();
            KeyRef written = storage.key();
            KeyRef effective = written != null && written.version() != null ? written : reported;
            if (effective != null) {
                used.put(KeySlot.STORAGE_ENCRYPTION, effective);
            }
            return used;
        }
        return target.references();
    }

    private static Optional<StepResult> checkSlot(Pass pass, KeyReady key, TargetState target, KeySlot slot,
                                                  KeyRef used) {
        KeyRef written = target.references().get(slot);
        if (written == null || !written.sameKey(key.ref())) {
            return fail(pass, Reason.NOT_BOUND_AS_DESIRED, slot.json() + " references "
                    + (written == null ? "no key" : written.toString()) + ", not " + key.ref());
        }
        if (used == null || used.version() == null) {
            return Optional.of(StepResult.of(Condition.waiting(VERIFIED, Reason.AWAITING_PICKUP,
                    slot.json() + ": the service has not reported the version it uses yet", pass.now()),
                    pass.settings().hsmPoll()));
        }
        Optional<KeyVersion> version = key.key().version(used.version());
        if (version.isEmpty()) {
            return fail(pass, Reason.NOT_BOUND_AS_DESIRED, slot.json() + " uses version " + used.version()
                    + ", which key " + key.key().name() + " does not have");
        }
        if (!version.get().enabled()) {
            pass.seen().critical();
            return fail(pass, Reason.VERSION_DISABLED, slot.json() + " uses version " + used.version()
                    + ", which is disabled: the service cannot unwrap its data key");
        }
        if (version.get().isExpiredAt(pass.now())) {
            pass.seen().critical();
            return fail(pass, Reason.VERSION_EXPIRED, slot.json() + " uses version " + used.version()
                    + ", expired at " + version.get().expiresOn());
        }
        KeyVersion latest = key.key().latest();
        if (latest.version().equalsIgnoreCase(used.version())) {
            return Optional.empty();
        }
        if (pass.binding().isPinned(slot)) {
            String message = slot.json() + " is pinned to " + used.version() + " but the latest version is "
                    + latest.version();
            if (createdWhileTheWriteRan(pass, latest)) {
                // a rotation while this binding's write ran: the next pass moves it there, so look again soon
                return Optional.of(StepResult.of(Condition.isFalse(VERIFIED, Reason.NOT_BOUND_AS_DESIRED, message
                        + ", created while the write to " + used.version() + " ran; binding it next", pass.now()),
                        pass.settings().shortRequeue()));
            }
            return fail(pass, Reason.NOT_BOUND_AS_DESIRED, message);
        }
        Instant pickupEnds = latest.createdOn().plus(pass.binding().kind().pickupWindow());
        if (pass.now().isBefore(pickupEnds)) {
            // not a problem: the service moves by itself within its window, and the version in use is sound
            return Optional.of(StepResult.of(Condition.isTrue(VERIFIED, Reason.AWAITING_PICKUP, slot.json()
                    + " still uses " + used.version() + "; the service picks up " + latest.version() + " by "
                    + pickupEnds, pass.now()).withKeyVersion(used.version()), Duration.between(pass.now(), pickupEnds)));
        }
        return fail(pass, Reason.PICKUP_OVERDUE, slot.json() + " still uses " + used.version() + " although "
                + latest.version() + " exists since " + latest.createdOn() + ", past the service's pickup window");
    }

    private static Optional<StepResult> checkKind(Pass pass, TargetState target, Set<String> granted) {
        if (target instanceof TargetState.DiskEncryptionSetState des && des.rotationError().isPresent()) {
            var error = des.rotationError().get();
            return fail(pass, Reason.AUTO_KEY_ROTATION_ERROR, "autoKeyRotationError " + error.code() + ": "
                    + error.message());
        }
        if (target instanceof TargetState.DatabricksWorkspaceState workspace) {
            Optional<String> disk = workspace.managedDiskPrincipal();
            if (disk.isPresent() && !granted.contains(disk.get())) {
                // known only once managed disk encryption is on: the next pass grants it
                return Optional.of(StepResult.of(Condition.waiting(VERIFIED, Reason.AWAITING_MANAGED_DISK_IDENTITY,
                        "the workspace's managed disk identity " + disk.get() + " appeared; granting it next",
                        pass.now()), pass.settings().shortRequeue()));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code latest} appeared after the write whose end this pass saw had begun. */
    private static boolean createdWhileTheWriteRan(Pass pass, KeyVersion latest) {
        Condition bound = pass.previous(ConditionType.BOUND);
        return bound != null && bound.reason() == Reason.OPERATION_IN_PROGRESS && latest.createdOn() != null
                && latest.createdOn().isAfter(bound.lastTransitionTime());
    }

    private static Optional<StepResult> fail(Pass pass, Reason reason, String message) {
        return Optional.of(StepResult.of(Condition.isFalse(VERIFIED, reason, message, pass.now()),
                pass.settings().failedRecheck()));
    }
}
