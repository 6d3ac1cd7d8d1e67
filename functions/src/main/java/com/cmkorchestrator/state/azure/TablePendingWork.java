package com.cmkorchestrator.state.azure;

import com.azure.data.tables.models.TableEntity;
import com.cmkorchestrator.state.LeaseKeys;
import com.cmkorchestrator.state.OptimisticRetry;
import com.cmkorchestrator.state.PendingWork;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * {@link PendingWork} on the table {@code <prefix>pending} (partition {@code pending}, row: the target, as lease rows
 * are written): a mark inserts the marker, or replaces a later or stale one conditionally on its ETag, so two instances
 * marking at once queue one item; a start or an unmark deletes it conditionally, so a marker set meanwhile stays.
 */
final class TablePendingWork implements PendingWork {

    static final String PARTITION = "pending";
    private static final String DUE = "Due";

    private final EntityTable table;
    private final Clock clock;

    TablePendingWork(EntityTable table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    @Override
    public boolean mark(String target, Instant due) {
        String row = LeaseKeys.rowKey(target);
        Instant at = due.truncatedTo(ChronoUnit.MILLIS);
        return OptimisticRetry.run("pending marker " + target, () -> {
            Optional<TableEntity> marker = table.read(PARTITION, row);
            TableEntity wanted = new TableEntity(PARTITION, row).addProperty(DUE, EntityTable.utc(at));
            Optional<Instant> marked = marker.map(entity -> EntityTable.instant(entity, DUE));
            // an earlier marker that is not stale already covers this one
            if (marked.isPresent() && !marked.get().isAfter(at)
                    && !marked.get().plus(GRACE).isBefore(clock.instant())) {
                return false;
            }
            table.write(wanted, marker.map(TableEntity::getETag).orElse(null), "pending marker " + target);
            return true;
        });
    }

    @Override
    public void started(String target, Instant now) {
        String row = LeaseKeys.rowKey(target);
        table.read(PARTITION, row).filter(marker -> !EntityTable.instant(marker, DUE).isAfter(now))
                .ifPresent(marker -> table.deleteIfUnchanged(PARTITION, row, marker.getETag()));
    }

    @Override
    public void unmark(String target, Instant due) {
        String row = LeaseKeys.rowKey(target);
        Instant at = due.truncatedTo(ChronoUnit.MILLIS);
        table.read(PARTITION, row).filter(marker -> EntityTable.instant(marker, DUE).equals(at))
                .ifPresent(marker -> table.deleteIfUnchanged(PARTITION, row, marker.getETag()));
    }
}
