package com.cmkorchestrator.emulator.hsm;

import com.cmkorchestrator.emulator.hsm.keys.HsmKey;
import com.cmkorchestrator.emulator.hsm.keys.HsmKeyStore;
import com.cmkorchestrator.emulator.hsm.keys.KeyVersion;
import com.cmkorchestrator.emulator.hsm.keys.RotationPolicy;
import com.cmkorchestrator.emulator.hsm.rbac.LocalRbac;
import com.cmkorchestrator.emulator.hsm.rbac.RoleAssignment;
import com.cmkorchestrator.emulator.hsm.rbac.RoleDefinition;
import com.cmkorchestrator.emulator.hsm.settings.HsmSettings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Builds {@link HsmSnapshot}s; the caller holds the HSM's lock. */
final class HsmSnapshots {
    private HsmSnapshots() {
    }

    static HsmSnapshot of(EmulatedHsm hsm, HsmKeyStore keys, LocalRbac rbac, HsmSettings settings, Instant now,
                          boolean softDeleted) {
        String base = hsm.baseUriText();
        List<HsmSnapshot.Key> keyViews = Stream.concat(keys.liveKeys().stream(), keys.deletedKeys().stream())
                .map(key -> key(base, key)).toList();
        List<HsmSnapshot.Assignment> assignments = rbac.all().stream().map(a -> assignment(a, rbac.definitionOf(a), now)).toList();
        return new HsmSnapshot(hsm.armId(), hsm.name(), hsm.uri(), hsm.activationStatusUnlocked(), softDeleted,
                hsm.properties().softDeleteRetentionInDays(), hsm.properties().purgeProtectionEnabled(),
                settings.all(), keyViews, assignments);
    }

    private static HsmSnapshot.Key key(String base, HsmKey key) {
        String id = base + "/keys/" + key.name();
        List<HsmSnapshot.Version> versions = new ArrayList<>();
        for (KeyVersion v : key.versions()) {
            versions.add(new HsmSnapshot.Version(id + "/" + v.version(), v.version(), v.material().spec().kty(),
                    v.attributes().enabled(), v.attributes().notBefore(), v.attributes().expires(),
                    v.attributes().created(), v.attributes().updated(), v.keyOps(), v.tags()));
        }
        return new HsmSnapshot.Key(key.name(), id, key.isDeleted(),
                key.deletion().map(HsmKey.Deletion::deletedDate).orElse(null),
                key.deletion().map(HsmKey.Deletion::scheduledPurgeDate).orElse(null),
                key.rotationPolicy().map(HsmSnapshots::summary).orElse(null), versions);
    }

    private static String summary(RotationPolicy policy) {
        List<String> parts = new ArrayList<>();
        for (RotationPolicy.LifetimeAction action : policy.lifetimeActions()) {
            parts.add(action.type().wireName() + (action.timeAfterCreate() != null
                    ? " after " + action.timeAfterCreate() : " " + action.timeBeforeExpiry() + " before expiry"));
        }
        if (policy.expiryTime() != null) {
            parts.add("expiryTime " + policy.expiryTime());
        }
        return parts.isEmpty() ? "(empty)" : String.join("; ", parts);
    }

    private static HsmSnapshot.Assignment assignment(RoleAssignment a, RoleDefinition role, Instant now) {
        return new HsmSnapshot.Assignment(a.name(), a.scope().value(), role.roleName(), role.id(),
                a.principalId(), a.createdAt(), a.effectiveAt(), a.isEffectiveAt(now));
    }
}
