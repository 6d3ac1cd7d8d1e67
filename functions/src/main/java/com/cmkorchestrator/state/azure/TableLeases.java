package com.cmkorchestrator.state.azure;

import com.azure.data.tables.models.TableEntity;
import com.cmkorchestrator.core.ports.Lease;
import com.cmkorchestrator.core.ports.LeasePort;
import com.cmkorchestrator.state.ConcurrentUpdateException;
import com.cmkorchestrator.state.LeaseKeys;
import com.cmkorchestrator.state.StateAlreadyExistsException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * {@link LeasePort} on the table {@code <prefix>leases} (partition {@code lease}, row: the lease name): taking a
 * lease inserts its entity, or replaces an expired one conditionally on its ETag, so two instances never both win;
 * renewing and releasing are conditional on the ETag the holder got.
 */
final class TableLeases implements LeasePort {

    private static final Logger LOG = Logger.getLogger(TableLeases.class.getName());
    static final String PARTITION = "lease";
    private static final String HOLDER = "Holder";
    private static final String EXPIRES_AT = "ExpiresAt";

    private final EntityTable table;
    private final String holder;
    private final Clock clock;

    TableLeases(EntityTable table, String holder, Clock clock) {
        this.table = table;
        this.holder = holder;
        this.clock = clock;
    }

    @Override
    public String holder() {
        return holder;
    }

    @Override
    public Optional<Lease> tryAcquire(String name, Duration timeToLive) {
        String row = LeaseKeys.rowKey(name);
        TableEntity entity = entity(row, expiry(timeToLive));
        Optional<Lease> current = current(name);
        if (current.isEmpty()) {
            try {
                return Optional.of(lease(name, entity, table.insert(entity, "lease " + name)));
            } catch (StateAlreadyExistsException e) {
                current = current(name); // another instance took it first: judge its lease
                if (current.isEmpty()) {
                    return Optional.empty();
                }
            }
        }
        Lease held = current.get();
        if (held.expiresAt().isAfter(clock.instant())) {
            LOG.info(() -> "lease " + name + " is held by " + held.holder() + " until " + held.expiresAt() + "; "
                    + holder + " waits");
            return Optional.empty();
        }
        try {
            return Optional.of(lease(name, entity, table.replace(entity, held.etag(), "lease " + name)));
        } catch (ConcurrentUpdateException e) {
            return Optional.empty(); // another instance took the expired lease over first
        }
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration timeToLive) {
        TableEntity entity = entity(LeaseKeys.rowKey(lease.name()), expiry(timeToLive));
        try {
            return Optional.of(lease(lease.name(), entity, table.replace(entity, lease.etag(), "lease " + lease.name())));
        } catch (ConcurrentUpdateException e) {
            return Optional.empty();
        }
    }

    @Override
    public void release(Lease lease) {
        table.deleteIfUnchanged(PARTITION, LeaseKeys.rowKey(lease.name()), lease.etag());
    }

    @Override
    public Optional<Lease> current(String name) {
        return table.read(PARTITION, LeaseKeys.rowKey(name)).map(entity -> lease(name, entity, entity.getETag()));
    }

    private Instant expiry(Duration timeToLive) {
        return clock.instant().plus(timeToLive).truncatedTo(ChronoUnit.MILLIS);
    }

    private TableEntity entity(String row, Instant expiresAt) {
        return new TableEntity(PARTITION, row).addProperty(HOLDER, holder)
                .addProperty(EXPIRES_AT, EntityTable.utc(expiresAt));
    }

    private static Lease lease(String name, TableEntity entity, String etag) {
        return new Lease(name, (String) entity.getProperty(HOLDER), EntityTable.instant(entity, EXPIRES_AT), etag);
    }
}
