package com.cmkorchestrator.core.ports;

import java.time.Duration;
import java.time.Instant;

/**
 * A rate shared by every instance of the app, for the limits Azure enforces without reporting what is left: the
 * Managed HSM's key creations (1 per second per HSM) and RBAC writes (5 per second per HSM), azure-facts 8.
 * A cursor per name holds the next free instant; each caller reserves the next slot and advances the cursor by
 * {@code interval}, conditionally, so two instances never get the same slot (docs/concurrency.md section 3).
 */
public interface PacingPort {

    /**
     * Reserves the next slot of {@code name}, {@code interval} after the previous one.
     *
     * @return when the slot starts: now or later; the caller acts then (waiting, or coming back when it is far)
     */
    Instant reserve(String name, Duration interval);
}
