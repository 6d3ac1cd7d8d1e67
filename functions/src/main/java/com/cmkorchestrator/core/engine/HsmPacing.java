package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.ports.LeaseNames;
import com.cmkorchestrator.core.ports.PacingPort;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The Managed HSM's own rates, which it does not report (azure-facts 8): key creations at most 1 per second per HSM,
 * RBAC writes at most 5 per second per HSM. Every instance reserves its slot on one cursor per HSM and rate
 * ({@link PacingPort}, docs/concurrency.md section 3): a slot due now is used at once, one due within
 * {@link #LONGEST_WAIT} is taken and waited for, and one further away is not taken, the step reporting
 * {@code Waiting/Paced} and coming back when it starts, so that no worker sits idle for long.
 */
final class HsmPacing {

    /** Just under Managed HSM's 1 key creation per second per HSM. */
    static final Duration KEY_CREATION_INTERVAL = Duration.ofMillis(1_100);
    /** Four per second: under the HSM's five RBAC writes, with room for an administrator's own writes. */
    static final Duration RBAC_WRITE_INTERVAL = Duration.ofMillis(250);
    /** The longest a step waits in place for its slot. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(2);

    private final PacingPort pacing;
    private final Sleeper sleeper;

    HsmPacing(PacingPort pacing, Sleeper sleeper) {
        this.pacing = pacing;
        this.sleeper = sleeper;
    }

    /**
     * Takes the next key-creation slot of the HSM called {@code hsm}.
     *
     * @return empty when the creation may go now; else how long until the step should come back
     */
    Optional<Duration> keyCreation(String hsm, Instant now) {
        return take(LeaseNames.keyCreationPace(hsm), KEY_CREATION_INTERVAL, now);
    }

    /**
     * Takes the next RBAC write slot of the HSM called {@code hsm}.
     *
     * @return empty when the write may go now; else how long until the step should come back
     */
    Optional<Duration> rbacWrite(String hsm, Instant now) {
        return take(LeaseNames.rbacWrites(hsm), RBAC_WRITE_INTERVAL, now);
    }

    private Optional<Duration> take(String name, Duration interval, Instant now) {
        PacingPort.Slot slot = pacing.reserve(name, interval, LONGEST_WAIT);
        Duration wait = Duration.between(now, slot.startsAt());
        if (!slot.taken()) {
            // not taken, so not queued: coming back when the next free slot starts, it competes for it afresh
            return Optional.of(wait.isNegative() || wait.isZero() ? interval : wait);
        }
        if (wait.isNegative() || wait.isZero()) {
            return Optional.empty();
        }
        try {
            sleeper.sleep(wait);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(wait);
        }
    }
}
