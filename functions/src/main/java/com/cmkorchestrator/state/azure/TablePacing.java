package com.cmkorchestrator.state.azure;

import com.azure.data.tables.models.TableEntity;
import com.cmkorchestrator.core.ports.PacingPort;
import com.cmkorchestrator.state.LeaseKeys;
import com.cmkorchestrator.state.OptimisticRetry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * {@link PacingPort} on the table {@code <prefix>leases} (partition {@code pace}, row: the cursor's name): a
 * reservation reads the cursor and advances it conditionally on its ETag, so every slot goes to one caller; a slot
 * too far away for the caller is not taken, and the cursor stays.
 */
final class TablePacing implements PacingPort {

    static final String PARTITION = "pace";
    private static final String NEXT_AT = "NextAt";

    private final EntityTable table;
    private final Clock clock;

    TablePacing(EntityTable table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Slot reserve(String name, Duration interval, Duration longestWait) {
        String row = LeaseKeys.rowKey(name);
        return OptimisticRetry.run("pacing cursor " + name, () -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Optional<TableEntity> cursor = table.read(PARTITION, row);
            Instant next = cursor.map(entity -> EntityTable.instant(entity, NEXT_AT)).orElse(now);
            Instant slot = next.isAfter(now) ? next : now;
            if (slot.isAfter(now.plus(longestWait))) {
                return new Slot(slot, false);
            }
            TableEntity advanced = new TableEntity(PARTITION, row)
                    .addProperty(NEXT_AT, EntityTable.utc(slot.plus(interval)));
            table.write(advanced, cursor.map(TableEntity::getETag).orElse(null), "pacing cursor " + name);
            return new Slot(slot, true);
        });
    }
}
