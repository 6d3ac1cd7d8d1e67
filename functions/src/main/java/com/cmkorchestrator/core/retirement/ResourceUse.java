package com.cmkorchestrator.core.retirement;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One resource slot that uses a key, as ARM lists it: the evidence a retirement rests on.
 *
 * @param target  the resource
 * @param slot    where in it
 * @param version the version it uses now ({@code currentVersionedKeyIdentifier} for Storage, {@code activeKey} for a
 *                DES, the workspace's {@code keyVersion}s), or null when it does not say
 * @param movedAt when it moved to that version, or null when nothing says: the service's {@code lastKeyRotationTimestamp},
 *                else the time the app first saw the binding on it (never earlier than the move)
 * @param source  where {@code movedAt} comes from, for the evidence
 */
public record ResourceUse(ArmId target, KeySlot slot, String version, Instant movedAt, String source) {

    public ResourceUse {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(slot, "slot");
    }

    /**
     * Why this use keeps {@code candidate} enabled, or empty when it does not: it must show a newer version in use, for
     * a known time, longer than its service's pickup window.
     */
    Optional<String> holds(KeyVersion candidate, KeyState key, Instant now) {
        String who = target + " (" + slot.json() + ")";
        if (version == null) {
            return Optional.of(who + " does not report which version it uses");
        }
        Optional<KeyVersion> inUse = key.version(version);
        if (inUse.isEmpty()) {
            return Optional.of(who + " uses version " + version + ", which the key does not list");
        }
        if (inUse.get().version().equalsIgnoreCase(candidate.version())) {
            return Optional.of(who + " still uses " + candidate.version());
        }
        if (!inUse.get().createdOn().isAfter(candidate.createdOn())) {
            return Optional.of(who + " uses " + version + ", no newer than " + candidate.version());
        }
        if (movedAt == null) {
            return Optional.of(who + " uses " + version + " but nothing says since when, so its pickup window cannot be "
                    + "known to have passed");
        }
        Instant windowEnds = movedAt.plus(slot.kind().pickupWindow());
        if (now.isBefore(windowEnds)) {
            return Optional.of(who + " moved to " + version + " at " + movedAt + "; its service may use older versions "
                    + "until " + windowEnds);
        }
        return Optional.empty();
    }

    /** One line of evidence. */
    String describe() {
        return target.resourceName() + " (" + slot.json() + ") uses " + (version == null ? "an unreported version"
                : version) + (movedAt == null ? "" : " since " + movedAt + " (" + source + ")");
    }
}
