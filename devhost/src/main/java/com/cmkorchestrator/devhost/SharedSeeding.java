package com.cmkorchestrator.devhost;

import com.cmkorchestrator.core.ports.Lease;
import com.cmkorchestrator.core.ports.LeasePort;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Seeding an emulator that several development hosts share, one host at a time: each takes a lease in the shared
 * state ({@code <prefix>leases}, the app's own lease table) before it looks whether the emulator is seeded, and seeds
 * it only if not. The first host seeds; the others wait for its lease, then find what it made.
 */
final class SharedSeeding {

    static final String LEASE = "local-run/seed";
    /** Real time a seeding may take before its lease counts as abandoned (a host killed while seeding). */
    static final Duration LONGEST_SEEDING = Duration.ofMinutes(5);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private SharedSeeding() {
    }

    /**
     * Runs {@code seedOrFind} under the lease, waiting for another host's seeding to end first.
     *
     * @param timeScale the emulated clock's speed: leases expire on it, so the lease lives {@link #LONGEST_SEEDING}
     *                  of real time
     */
    static <T> T once(LeasePort leases, double timeScale, Supplier<T> seedOrFind, PrintStream out) {
        Duration timeToLive = Duration.ofMillis((long) (LONGEST_SEEDING.toMillis() * timeScale));
        Instant giveUp = Instant.now().plus(LONGEST_SEEDING.multipliedBy(2));
        boolean told = false;
        while (true) {
            Optional<Lease> lease = leases.tryAcquire(LEASE, timeToLive);
            if (lease.isPresent()) {
                try {
                    return seedOrFind.get();
                } finally {
                    leases.release(lease.get());
                }
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("another host has been seeding the emulator for over "
                        + LONGEST_SEEDING.multipliedBy(2) + "; restart the emulator");
            }
            if (!told) {
                out.println("[seed] waiting for " + leases.current(LEASE).map(Lease::holder).orElse("another host")
                        + " to finish seeding the emulator");
                told = true;
            }
            sleep(RETRY);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to seed the emulator", e);
        }
    }
}
