package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.ports.Lease;
import com.cmkorchestrator.core.ports.LeasePort;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Steps that must happen once across every instance of the app run under a lease (docs/concurrency.md section 2):
 * taken around the step, given back after it (or, for a step that ends later, held and renewed until it does), and,
 * when another instance holds it, a {@code Waiting/LeaseHeld} condition naming the holder and the expiry. Contention
 * is logged: it is expected now and then, and worth seeing when it is not.
 */
final class ExclusiveSteps {

    private static final Logger LOG = Logger.getLogger(ExclusiveSteps.class.getName());
    /** A lease held elsewhere is looked at again no sooner than this (and no later than it expires). */
    private static final Duration SHORTEST_RECHECK = Duration.ofSeconds(5);

    private final LeasePort leases;

    ExclusiveSteps(LeasePort leases) {
        this.leases = leases;
    }

    /** The lease on {@code name}, or empty when another instance holds it (logged). */
    Optional<Lease> take(String name, Duration timeToLive) {
        Optional<Lease> lease = leases.tryAcquire(name, timeToLive);
        if (lease.isEmpty()) {
            LOG.info(() -> "lease " + name + " is held by " + leases.current(name).map(Lease::holder).orElse("nobody now")
                    + "; " + leases.holder() + " waits");
        }
        return lease;
    }

    /**
     * {@code step}'s link, run holding lease {@code name} and given back after it; when another instance holds the
     * lease, {@link #heldElsewhere} for {@code what} instead, looked at again within the settings' short requeue. The
     * step reads Azure again inside the lease before it acts: another instance may have acted meanwhile.
     */
    <T> Link<T> holding(Pass pass, ConditionType type, String name, String what, Duration timeToLive,
                        Supplier<Link<T>> step) {
        Optional<Lease> lease = take(name, timeToLive);
        if (lease.isEmpty()) {
            return Link.stops(heldElsewhere(type, name, what, pass.now(), pass.settings().shortRequeue()));
        }
        try {
            return step.get();
        } finally {
            release(lease.get());
        }
    }

    /** Keeps a lease held past its step for {@code timeToLive} more; empty when it was lost meanwhile. */
    Optional<Lease> renew(Lease lease, Duration timeToLive) {
        return leases.renew(lease, timeToLive);
    }

    void release(Lease lease) {
        leases.release(lease);
    }

    /**
     * {@code Waiting/LeaseHeld} for {@code what}, naming who holds {@code name} and until when; looked at again when
     * the lease expires, but at least every {@code longestRecheck}.
     */
    StepResult heldElsewhere(ConditionType type, String name, String what, Instant now, Duration longestRecheck) {
        Optional<Lease> holder = leases.current(name);
        String by = holder.map(lease -> " on instance " + lease.holder() + " (lease until " + lease.expiresAt() + ")")
                .orElse(" on another instance");
        Duration untilFree = holder.map(lease -> Duration.between(now, lease.expiresAt())).orElse(SHORTEST_RECHECK);
        Duration recheck = untilFree.compareTo(SHORTEST_RECHECK) < 0 ? SHORTEST_RECHECK
                : untilFree.compareTo(longestRecheck) > 0 ? longestRecheck : untilFree;
        return StepResult.of(Condition.waiting(type, Reason.LEASE_HELD, what + " is under way" + by
                + "; looking again in " + recheck.toSeconds() + " s", now), recheck);
    }
}
