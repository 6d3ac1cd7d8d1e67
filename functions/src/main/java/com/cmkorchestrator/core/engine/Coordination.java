package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.ports.KeyOwnershipPort;
import com.cmkorchestrator.core.ports.LeasePort;
import com.cmkorchestrator.core.ports.PacingPort;

import java.util.Objects;

/**
 * What every instance of the app shares beyond Azure itself (docs/concurrency.md): the record of the keys the app
 * owns, the leases that keep a once-only step to one instance, and the pacing cursors of the HSM's unreported limits;
 * with the way a step waits a moment for its paced slot.
 */
public record Coordination(KeyOwnershipPort ownedKeys, LeasePort leases, PacingPort pacing, Sleeper sleeper) {

    public Coordination {
        Objects.requireNonNull(ownedKeys, "ownedKeys");
        Objects.requireNonNull(leases, "leases");
        Objects.requireNonNull(pacing, "pacing");
        Objects.requireNonNull(sleeper, "sleeper");
    }
}
