package com.cmkorchestrator.core.safety;

import com.cmkorchestrator.core.model.ArmId;

import java.util.Arrays;
import java.util.List;

/**
 * The subscriptions and resource groups the orchestrator may act in. Empty means nowhere: a missing setting
 * must not mean "everything". Checked before any Azure call a write depends on.
 */
public final class ScopeAllowList {

    private final List<ArmId> scopes;

    public ScopeAllowList(List<ArmId> scopes) {
        for (ArmId scope : scopes) {
            if (scope.isResource()) {
                throw new IllegalArgumentException("allow-list entries are subscriptions or resource groups, not " + scope);
            }
        }
        this.scopes = List.copyOf(scopes);
    }

    /** Parses an app setting: ARM IDs of subscriptions or resource groups separated by commas, semicolons or spaces. */
    public static ScopeAllowList parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return new ScopeAllowList(List.of());
        }
        return new ScopeAllowList(Arrays.stream(setting.split("[,;\\s]+"))
                .filter(s -> !s.isBlank()).map(ArmId::parse).toList());
    }

    public static ScopeAllowList of(ArmId... scopes) {
        return new ScopeAllowList(List.of(scopes));
    }

    public boolean permits(ArmId resource) {
        return scopes.stream().anyMatch(scope -> scope.contains(resource));
    }

    /**
     * @param role what the resource is to the caller ("target", "HSM"), for the message
     * @throws OutOfScopeException when the resource is outside every scope
     */
    public void require(String role, ArmId resource) {
        if (!permits(resource)) {
            throw new OutOfScopeException(role, resource, scopes);
        }
    }

    public List<ArmId> scopes() {
        return scopes;
    }
}
