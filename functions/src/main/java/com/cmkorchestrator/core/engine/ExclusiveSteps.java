package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.ports.Lease;
import com.cmkorchestrator.core.ports.LeasePort;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
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
     * What a step holding a lease asks just before its one write: whether the lease is still its own. A step slowed
     * past its lease's time (a pause of the process, a long wait for a paced slot) must not write once another
     * instance may have taken the lease over and acted; asking renews the lease, so the write that follows has the
     * lease's whole time to land.
     */
    interface Held {

        /** Renews the lease; false when it expired and was taken over meanwhile, and the step must not write. */
        boolean stillHeld();
    }

    /**
     * {@code step}'s link, run holding lease {@code name} and given back after it; when another instance holds the
     * lease, {@link #heldElsewhere} for {@code what} instead, looked at again within the settings' short requeue. The
     * step reads Azure again inside the lease before it acts (another instance may have acted meanwhile) and asks
     * {@link Held#stillHeld} right before it writes ({@link #lost} when it is not).
     */
    <T> Link<T> holding(Pass pass, ConditionType type, String name, String what, Duration timeToLive,
                        Function<Held, Link<T>> step) {
        Optional<Lease> taken = take(name, timeToLive);
        if (taken.isEmpty()) {
            return Link.stops(heldElsewhere(type, name, what, pass.now(), pass.settings().shortRequeue()));
        }
        AtomicReference<Lease> lease = new AtomicReference<>(taken.get());
        Held held = () -> {
            Optional<Lease> renewed = renew(lease.get(), timeToLive);
            renewed.ifPresentOrElse(lease::set, () -> LOG.warning("lease " + name + " of " + leases.holder()
                    + " expired before its step wrote (" + what + "); another instance took it over, so this one"
                    + " does not write"));
            return renewed.isPresent();
        };
        try {
            return step.apply(held);
        } finally {
            release(lease.get());
        }
    }

    /** {@code Waiting/LeaseHeld} for a step whose lease another instance took over before it wrote. */
    StepResult lost(Pass pass, ConditionType type, String name, String what) {
        return heldElsewhere(type, name, what + " (this instance's lease expired before it wrote)", pass.now(),
                pass.settings().shortRequeue());
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
