package com.cmkorchestrator.core.safety;

import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The rule that keeps data online: a key version may be disabled or deleted only when no resource references it,
 * none left it less than its service's pickup window ago (Storage 24 h, DES 1 h, Databricks 24 h), and it is not
 * the version a versionless reference resolves to. Any doubt refuses.
 */
public final class VersionRetentionGuard {

    /**
     * @param version    the version to retire
     * @param key        the key as the HSM reports it (for which version is latest and when successors appeared)
     * @param references every live and remembered reference to this key
     * @return empty when the version may be retired, else why not
     */
    public Optional<String> refusal(KeyRef version, KeyState key, List<VersionReference> references, Instant now) {
        String id = version.versionId().orElseThrow(() -> new IllegalArgumentException("a version is required"));
        if (key.latest().version().equalsIgnoreCase(id)) {
            return Optional.of("version " + id + " is the key's current version: versionless references resolve to it");
        }
        for (VersionReference ref : references) {
            if (!ref.key().sameKey(version)) {
                continue;
            }
            boolean sameVersion = ref.key().versionId().map(id::equalsIgnoreCase).orElse(false);
            if (sameVersion && ref.leftUseAt() == null) {
                return Optional.of(ref.target() + " (" + ref.slot().json() + ") still references version " + id);
            }
            Instant windowEnd = ref.leftUseAt() == null ? null : ref.leftUseAt().plus(ref.slot().kind().pickupWindow());
            if (sameVersion && now.isBefore(windowEnd)) {
                return Optional.of(ref.target() + " (" + ref.slot().json() + ") left version " + id + " at "
                        + ref.leftUseAt() + "; its service may use it until " + windowEnd);
            }
            if (ref.key().versionId().isEmpty() && ref.leftUseAt() == null) {
                Optional<String> pickup = pickupRefusal(id, key, ref, now);
                if (pickup.isPresent()) {
                    return pickup;
                }
            }
        }
        return Optional.empty();
    }

    /** Throws when {@link #refusal} finds a reason. */
    public void requireRetirable(KeyRef version, KeyState key, List<VersionReference> references, Instant now) {
        refusal(version, key, references, now).ifPresent(reason -> {
            throw new RetentionViolationException("refusing to disable " + version + ": " + reason);
        });
    }

    /**
     * A versionless reference moves off a version only when the service picks up its successor: until the
     * successor is a full pickup window old, the service may still be using the older one.
     */
    private static Optional<String> pickupRefusal(String id, KeyState key, VersionReference ref, Instant now) {
        Optional<KeyVersion> self = key.version(id);
        if (self.isEmpty()) {
            return Optional.empty();
        }
        Optional<KeyVersion> successor = key.versions().stream()
                .filter(v -> v.createdOn().isAfter(self.get().createdOn()))
                .min(Comparator.comparing(KeyVersion::createdOn));
        if (successor.isEmpty()) {
            return Optional.of("version " + id + " is the latest");
        }
        Instant safeAfter = successor.get().createdOn().plus(ref.slot().kind().pickupWindow());
        if (now.isBefore(safeAfter)) {
            return Optional.of(ref.target() + " (" + ref.slot().json() + ") follows the latest version and may use "
                    + id + " until its pickup window ends at " + safeAfter);
        }
        return Optional.empty();
    }
}
