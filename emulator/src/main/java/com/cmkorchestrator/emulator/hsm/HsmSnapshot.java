package com.cmkorchestrator.emulator.hsm;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A read-only picture of one emulated HSM for tests and the admin API: activation, settings, keys
 * with every version's attributes, and role assignments with whether they are in effect yet.
 */
public record HsmSnapshot(String armId, String name, URI uri, String activationStatus, boolean softDeleted,
                          int softDeleteRetentionInDays, boolean purgeProtectionEnabled,
                          Map<String, Boolean> settings, List<Key> keys, List<Assignment> roleAssignments) {

    public HsmSnapshot {
        settings = Map.copyOf(settings);
        keys = List.copyOf(keys);
        roleAssignments = List.copyOf(roleAssignments);
    }

    /**
     * @param deletedDate null unless the key is soft-deleted
     * @param rotationPolicy null until a policy is set; else a summary such as {@code Rotate after P90D; expiryTime P1Y}
     */
    public record Key(String name, String id, boolean deleted, Instant deletedDate, Instant scheduledPurgeDate,
                      String rotationPolicy, List<Version> versions) {
        public Key {
            versions = List.copyOf(versions);
        }
    }

    /** @param notBefore and {@code expires} may be null */
    public record Version(String id, String version, String kty, boolean enabled, Instant notBefore, Instant expires,
                          Instant created, Instant updated, List<String> keyOps, Map<String, String> tags) {
        public Version {
            keyOps = List.copyOf(keyOps);
            tags = Map.copyOf(tags);
        }
    }

    public record Assignment(String name, String scope, String roleName, String roleDefinitionId, String principalId,
                             Instant createdAt, Instant effectiveAt, boolean effective) {
    }
}
