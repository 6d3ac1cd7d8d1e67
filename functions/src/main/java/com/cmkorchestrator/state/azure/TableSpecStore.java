package com.cmkorchestrator.state.azure;

import com.azure.data.tables.models.TableEntity;
import com.cmkorchestrator.state.SpecRecord;
import com.cmkorchestrator.state.SpecStore;
import com.cmkorchestrator.state.StateLimits;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * {@link SpecStore} on an Azure table. One partition per record (partition key = name), so records
 * never contend for a partition's throughput; every write of an existing record is ETag-conditional.
 */
final class TableSpecStore implements SpecStore {

    private static final String ROW = "spec";
    private static final String SPEC = "Spec";
    private static final String STATUS = "Status";
    private static final String GENERATION = "Generation";
    private static final String OBSERVED_GENERATION = "ObservedGeneration";
    private static final String UPDATED_AT = "UpdatedAt";

    private final String kind;
    private final EntityTable table;
    private final Clock clock;

    TableSpecStore(String kind, EntityTable table, Clock clock) {
        this.kind = kind;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public Optional<SpecRecord> get(String name) {
        StateLimits.requireName(kind, name);
        return table.read(name, ROW).map(TableSpecStore::toRecord);
    }

    @Override
    public List<SpecRecord> list() {
        return table.query(null).stream().map(TableSpecStore::toRecord).toList();
    }

    @Override
    public SpecRecord create(String name, String specJson) {
        StateLimits.requireName(kind, name);
        StateLimits.requireFits(what(name), specJson, SpecRecord.EMPTY_STATUS);
        Instant now = now();
        TableEntity entity = toEntity(name, specJson, SpecRecord.EMPTY_STATUS, 1, 0, now);
        String etag = table.insert(entity, what(name));
        return new SpecRecord(name, specJson, SpecRecord.EMPTY_STATUS, 1, 0, now, etag);
    }

    @Override
    public SpecRecord replace(SpecRecord next) {
        StateLimits.requireFits(what(next.name()), next.specJson(), next.statusJson());
        Instant now = now();
        TableEntity entity = toEntity(next.name(), next.specJson(), next.statusJson(), next.generation(),
                next.observedGeneration(), now);
        String etag = table.replace(entity, next.etag(), what(next.name()));
        return new SpecRecord(next.name(), next.specJson(), next.statusJson(), next.generation(),
                next.observedGeneration(), now, etag);
    }

    @Override
    public boolean delete(String name) {
        StateLimits.requireName(kind, name);
        return table.delete(name, ROW);
    }

    private String what(String name) {
        return kind + " '" + name + "'";
    }

    // Table DateTime values keep milliseconds reliably across Azure and Azurite; keep no more.
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static TableEntity toEntity(String name, String spec, String status, long generation,
                                        long observedGeneration, Instant updatedAt) {
        TableEntity entity = new TableEntity(name, ROW)
                .addProperty(GENERATION, generation)
                .addProperty(OBSERVED_GENERATION, observedGeneration)
                .addProperty(UPDATED_AT, EntityTable.utc(updatedAt));
        ChunkedText.put(entity, SPEC, spec);
        ChunkedText.put(entity, STATUS, status);
        return entity;
    }

    private static SpecRecord toRecord(TableEntity entity) {
        return new SpecRecord(entity.getPartitionKey(), ChunkedText.get(entity, SPEC), ChunkedText.get(entity, STATUS),
                (Long) entity.getProperty(GENERATION), (Long) entity.getProperty(OBSERVED_GENERATION),
                EntityTable.instant(entity, UPDATED_AT), entity.getETag());
    }
}
