package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.state.ConcurrentUpdateException;
import com.cmkorchestrator.state.SpecRecord;
import com.cmkorchestrator.state.SpecStore;
import com.cmkorchestrator.state.StateAlreadyExistsException;
import com.cmkorchestrator.state.StateLimits;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link SpecStore} in process memory, for the local development host: same rules as the table store. */
public final class InMemorySpecStore implements SpecStore {

    private final String kind;
    private final Clock clock;
    private final ETags etags;
    private final Map<String, SpecRecord> records = new TreeMap<>();

    InMemorySpecStore(String kind, Clock clock, ETags etags) {
        this.kind = kind;
        this.clock = clock;
        this.etags = etags;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public synchronized Optional<SpecRecord> get(String name) {
        StateLimits.requireName(kind, name);
        return Optional.ofNullable(records.get(name));
    }

    @Override
    public synchronized List<SpecRecord> list() {
        return List.copyOf(records.values());
    }

    @Override
    public synchronized SpecRecord create(String name, String specJson) {
        StateLimits.requireName(kind, name);
        StateLimits.requireFits(kind + " '" + name + "'", specJson, SpecRecord.EMPTY_STATUS);
        if (records.containsKey(name)) {
            throw new StateAlreadyExistsException(kind + " '" + name + "'", null);
        }
        return store(new SpecRecord(name, specJson, SpecRecord.EMPTY_STATUS, 1, 0, clock.instant(), "new"));
    }

    @Override
    public synchronized SpecRecord replace(SpecRecord next) {
        StateLimits.requireFits(kind + " '" + next.name() + "'", next.specJson(), next.statusJson());
        SpecRecord current = records.get(next.name());
        if (current == null) {
            throw new ConcurrentUpdateException(kind + " '" + next.name() + "' was deleted since it was read");
        }
        if (!current.etag().equals(next.etag())) {
            throw new ConcurrentUpdateException(kind + " '" + next.name() + "' changed since it was read (ETag "
                    + next.etag() + ", now " + current.etag() + ")");
        }
        return store(next);
    }

    @Override
    public synchronized boolean delete(String name) {
        StateLimits.requireName(kind, name);
        return records.remove(name) != null;
    }

    private SpecRecord store(SpecRecord next) {
        // millisecond precision, as the table store keeps it
        SpecRecord stored = new SpecRecord(next.name(), next.specJson(), next.statusJson(), next.generation(),
                next.observedGeneration(), clock.instant().truncatedTo(ChronoUnit.MILLIS), etags.next());
        records.put(stored.name(), stored);
        return stored;
    }
}
