package com.cmkorchestrator.adapters;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.ports.IdentityPort;
import com.cmkorchestrator.core.ports.UserAssignedIdentity;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A user-assigned identity's principal, read from ARM once rather than on every pass of every binding that uses it:
 * an identity keeps its principal for life. One deleted and made again under the same name has a new one; the
 * binds then fail for access, and {@link #forget} (called by the target adapters on a refused bind) makes the next
 * pass read it again. The hour is a bound on any other staleness.
 */
final class PrincipalCache implements IdentityPort {
    static final Duration TIME_TO_LIVE = Duration.ofHours(1);

    private final IdentityPort arm;
    private final RecentReads<ArmId, UserAssignedIdentity> identities;

    PrincipalCache(IdentityPort arm, Clock clock) {
        this.arm = arm;
        this.identities = new RecentReads<>(TIME_TO_LIVE, clock);
    }

    @Override
    public Optional<UserAssignedIdentity> get(ArmId id) {
        return identities.get(id, () -> arm.get(id));
    }

    @Override
    public UserAssignedIdentity create(ArmId id, String location, Map<String, String> tags) {
        identities.forget(id);
        return arm.create(id, location, tags);
    }

    /** The identity's principal is in doubt (a bind through it was refused): read it again next time. */
    void forget(ArmId id) {
        identities.forget(id);
    }
}
