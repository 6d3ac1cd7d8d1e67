package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.ports.LeaseNames;
import com.cmkorchestrator.core.ports.PacingPort;
import com.cmkorchestrator.core.rotation.TokenBucket;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The Managed HSM's own rates, which it does not report: RBAC writes at most 5 per second per HSM (azure-facts 8).
 * Every instance reserves its slot on one cursor per HSM ({@link PacingPort}); a slot that is near is waited for, one
 * further away is left for a later pass, so that a worker never sleeps long (docs/concurrency.md section 3).
 */
final class HsmPacing {

    /** Four per second: under the HSM's five, with room for an administrator's own writes. */
    static final Duration RBAC_WRITE_INTERVAL = Duration.ofMillis(250);
    /** The longest a pass waits for its slot; beyond this it reports {@code Waiting/Paced} and comes back. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(2);

    private final PacingPort pacing;
    private final Clock clock;
    private final TokenBucket.Sleeper sleeper;

    HsmPacing(PacingPort pacing, Clock clock, TokenBucket.Sleeper sleeper) {
        this.pacing = pacing;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Takes the next RBAC write slot of the HSM called {@code hsm}, waiting for it when it is near.
     *
     * @return empty when the write may go now; else how long until the reserved slot, for a later pass
     */
    Optional<Duration> rbacWrite(String hsm) {
        Instant slot = pacing.reserve(LeaseNames.rbacWrites(hsm), RBAC_WRITE_INTERVAL);
        Duration wait = Duration.between(clock.instant(), slot);
        if (wait.isNegative() || wait.isZero()) {
            return Optional.empty();
        }
        if (wait.compareTo(LONGEST_WAIT) > 0) {
            return Optional.of(wait);
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the HSM's RBAC write slot", e);
        }
        return Optional.empty();
    }
}
