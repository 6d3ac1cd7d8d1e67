package com.cmkorchestrator.core.ports;

import java.time.Duration;
import java.time.Instant;

/**
 * A rate shared by every instance of the app, for the limits Azure enforces without reporting what is left: the
 * Managed HSM's key creations (1 per second per HSM) and RBAC writes (5 per second per HSM), azure-facts 8.
 * A cursor per name holds the next free instant; a caller takes the next slot and advances the cursor by
 * {@code interval}, conditionally, so two instances never get the same slot (docs/concurrency.md section 3).
 *
 * <p>Only a slot near enough to be used is taken. A caller told to come back later leaves the cursor where it is:
 * were every such caller to take a slot it will not use, callers coming back would each find their slot behind a
 * queue of slots nobody uses, and creations would stop altogether (the scale benchmark saw 200 bindings on 9 new
 * keys make no progress for minutes).
 */
public interface PacingPort {

    /**
     * Takes the next slot of {@code name}, {@code interval} after the previous one taken, when it starts no later
     * than {@code longestWait} from now.
     *
     * @return when the next slot starts, and whether the caller took it (and must act then) or should come back
     */
    Slot reserve(String name, Duration interval, Duration longestWait);

    /** The next slot of a rate: when it starts, and whether this caller took it. */
    record Slot(Instant startsAt, boolean taken) {
    }
}
