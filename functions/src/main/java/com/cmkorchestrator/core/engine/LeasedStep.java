package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.ports.Lease;
import com.cmkorchestrator.core.ports.LeasePort;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Runs a change that must happen once across every instance under its lease (docs/concurrency.md section 2): take the
 * lease, let the change read Azure again and act, give the lease back. When another instance holds the lease, the
 * link waits ({@code Waiting/LeaseHeld}, naming the holder and the expiry) instead of acting beside it.
 */
final class LeasedStep {

    private static final Logger LOG = Logger.getLogger(LeasedStep.class.getName());

    private final LeasePort leases;

    LeasedStep(LeasePort leases) {
        this.leases = leases;
    }

    /** {@code change}'s link, run holding lease {@code name}; {@code Waiting/LeaseHeld} when another holds it. */
    <T> Link<T> run(Pass pass, ConditionType type, String name, Duration timeToLive, Supplier<Link<T>> change) {
        Optional<Lease> lease = leases.tryAcquire(name, timeToLive);
        if (lease.isEmpty()) {
            return Link.stops(held(pass, type, name));
        }
        try {
            return change.get();
        } finally {
            leases.release(lease.get());
        }
    }

    private StepResult held(Pass pass, ConditionType type, String name) {
        Optional<Lease> current = leases.current(name);
        String holder = current.map(l -> l.holder() + " until " + l.expiresAt()).orElse("another instance, just now");
        LOG.info(() -> "binding " + pass.binding().name() + ": lease " + name + " is held by " + holder);
        // the holder usually finishes in a moment; its expiry bounds the wait should it have died
        return StepResult.of(Condition.waiting(type, Reason.LEASE_HELD, "lease " + name + " is held by " + holder
                + " (another instance is doing this step); looking again shortly", pass.now()),
                pass.settings().shortRequeue());
    }
}
