package com.cmkorchestrator.app.health;

import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.core.ports.TargetPort;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.safety.ScopeAllowList;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The bound resources as ARM lists them: each kind the bindings use, listed once in each allow-list scope that holds
 * one of them ({@link TargetPort#list}: one ARM read per page, not per resource). A scope inside another allow-list
 * scope is not listed again.
 */
final class SweepListing {

    private static final Logger LOG = Logger.getLogger(SweepListing.class.getName());

    /** One listing: a kind in a scope. */
    private record Listed(ArmId scope, TargetKind kind) {
    }

    private final ScopeAllowList allowList;
    private final Map<ArmId, TargetState> resources = new HashMap<>();
    private final Map<Listed, String> failures = new HashMap<>();
    private final Set<Listed> listed = new LinkedHashSet<>();

    private SweepListing(ScopeAllowList allowList) {
        this.allowList = allowList;
    }

    /** Lists what {@code bindings} need, now. */
    static SweepListing of(TargetPort targets, ScopeAllowList allowList, Collection<Binding> bindings) {
        SweepListing listing = new SweepListing(allowList);
        Set<Listed> needed = new LinkedHashSet<>();
        bindings.forEach(binding -> listing.listingOf(binding.target()).ifPresent(needed::add));
        for (Listed each : needed) {
            try {
                targets.list(each.scope(), each.kind()).forEach(state -> listing.resources.put(state.id(), state));
                listing.listed.add(each);
            } catch (AzureCallException e) {
                // the next sweep lists again; meanwhile the stored statuses stand for these bindings
                listing.failures.put(each, e.getMessage());
                LOG.warning("health sweep: listing " + each.kind().resourceType() + " in " + each.scope()
                        + " failed, its bindings are looked at next sweep: " + e.getMessage());
            }
        }
        return listing;
    }

    /** The resource as listed; empty when its scope's listing does not have it (or it lies in no allow-list scope). */
    Optional<TargetState> find(ArmId target) {
        return Optional.ofNullable(resources.get(target));
    }

    /** Why the listing that should hold {@code target} could not be read, if it could not. */
    Optional<String> failure(ArmId target) {
        return listingOf(target).map(failures::get);
    }

    /** How many listings were read (each one ARM read per page). */
    int listings() {
        return listed.size();
    }

    /** The broadest allow-list scope that holds the resource, with its kind. */
    private Optional<Listed> listingOf(ArmId target) {
        Optional<TargetKind> kind = TargetKind.of(target);
        List<ArmId> holding = allowList.scopes().stream().filter(scope -> scope.contains(target)).toList();
        return kind.flatMap(k -> holding.stream()
                .filter(scope -> holding.stream().noneMatch(other -> !other.equals(scope) && other.contains(scope)))
                .findFirst().map(scope -> new Listed(scope, k)));
    }
}
