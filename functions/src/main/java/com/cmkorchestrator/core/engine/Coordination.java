package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.ports.LeasePort;
import com.cmkorchestrator.core.ports.PacingPort;
import com.cmkorchestrator.core.rotation.TokenBucket;

import java.util.Objects;

/**
 * How the engine keeps pace with the app's other instances without talking to them (docs/concurrency.md sections 2
 * and 3): leases around the steps that must happen once, the HSM's shared rates, and how a pass waits for a near slot.
 *
 * @param sleeper how a pass waits for a pacing slot a moment away; tests pass one that moves their clock
 */
public record Coordination(LeasePort leases, PacingPort pacing, TokenBucket.Sleeper sleeper) {

    /** Waiting for real, as a worker does. */
    public static final TokenBucket.Sleeper REAL_TIME = duration -> Thread.sleep(duration.toMillis(),
            duration.toNanosPart() % 1_000_000);

    public Coordination {
        Objects.requireNonNull(leases, "leases");
        Objects.requireNonNull(pacing, "pacing");
        Objects.requireNonNull(sleeper, "sleeper");
    }

    /** Leases and pacing as given, waiting for real. */
    public static Coordination of(LeasePort leases, PacingPort pacing) {
        return new Coordination(leases, pacing, REAL_TIME);
    }
}
