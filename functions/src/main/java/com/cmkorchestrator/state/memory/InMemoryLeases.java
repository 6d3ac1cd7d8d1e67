package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.core.ports.Lease;
import com.cmkorchestrator.core.ports.LeasePort;
import com.cmkorchestrator.state.LeaseKeys;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link LeasePort} in process memory: one process's instances (the development host, tests) share one of these. */
public final class InMemoryLeases implements LeasePort {

    private final Map<String, Lease> leases;
    private final String holder;
    private final Clock clock;
    private final ETags etags;

    public InMemoryLeases(String holder, Clock clock) {
        this(new HashMap<>(), holder, clock, new ETags());
    }

    private InMemoryLeases(Map<String, Lease> leases, String holder, Clock clock, ETags etags) {
        this.leases = leases;
        this.holder = holder;
        this.clock = clock;
        this.etags = etags;
    }

    /** The same leases, taken as another instance would (tests of several instances in one process). */
    public InMemoryLeases asHolder(String otherHolder) {
        return new InMemoryLeases(leases, otherHolder, clock, etags);
    }

    @Override
    public String holder() {
        return holder;
    }

    @Override
    public Optional<Lease> tryAcquire(String name, Duration timeToLive) {
        String key = LeaseKeys.rowKey(name);
        synchronized (leases) {
            Lease current = leases.get(key);
            if (current != null && current.expiresAt().isAfter(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(put(key, name, timeToLive));
        }
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration timeToLive) {
        String key = LeaseKeys.rowKey(lease.name());
        synchronized (leases) {
            Lease current = leases.get(key);
            if (current == null || !current.etag().equals(lease.etag())) {
                return Optional.empty();
            }
            return Optional.of(put(key, lease.name(), timeToLive));
        }
    }

    @Override
    public void release(Lease lease) {
        String key = LeaseKeys.rowKey(lease.name());
        synchronized (leases) {
            Lease current = leases.get(key);
            if (current != null && current.etag().equals(lease.etag())) {
                leases.remove(key);
            }
        }
    }

    @Override
    public Optional<Lease> current(String name) {
        synchronized (leases) {
            return Optional.ofNullable(leases.get(LeaseKeys.rowKey(name)));
        }
    }

    private Lease put(String key, String name, Duration timeToLive) {
        Lease lease = new Lease(name, holder, clock.instant().plus(timeToLive), etags.next());
        leases.put(key, lease);
        return lease;
    }
}
