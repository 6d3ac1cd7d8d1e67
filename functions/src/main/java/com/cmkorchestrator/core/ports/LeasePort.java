package com.cmkorchestrator.core.ports;

import java.time.Duration;
import java.util.Optional;

/**
 * Leases across every instance of the app (docs/concurrency.md section 2), held only around a step that is not
 * idempotent: take the lease, read Azure again, act, give the lease back. A holder that dies leaves a lease that
 * expires, so nothing stays blocked for longer than its time to live.
 *
 * <p>Names are what the step guards (see {@link LeaseNames}); they compare without case. In Azure the leases are
 * entities of a table in the Functions platform's own storage account; locally and in tests they may be in memory.
 */
public interface LeasePort {

    /** The instance this port takes leases for: the holder named in every lease it takes. */
    String holder();

    /**
     * Takes the lease if nobody holds it or its holder's time ran out.
     *
     * @return the lease, or empty when another holder has it until later: see {@link #current}
     */
    Optional<Lease> tryAcquire(String name, Duration timeToLive);

    /**
     * Extends a lease this instance holds.
     *
     * @return the extended lease, or empty when it was lost (it expired and another instance took it)
     */
    Optional<Lease> renew(Lease lease, Duration timeToLive);

    /** Gives a held lease back; does nothing when it was lost meanwhile. */
    void release(Lease lease);

    /** The lease as it stands (held or expired), for saying who holds it; empty when there is none. */
    Optional<Lease> current(String name);
}
