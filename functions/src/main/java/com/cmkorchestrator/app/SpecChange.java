package com.cmkorchestrator.app;

import com.cmkorchestrator.state.SpecRecord;
import com.cmkorchestrator.state.SpecStore;

import java.util.Optional;

/**
 * A desired-state document declared into a store: the record as stored now, and whether the declaration changed
 * it (new, or a different spec: a new generation).
 */
record SpecChange(SpecRecord record, boolean changed) {

    /** Creates or changes the record; declaring the same spec again changes nothing. */
    static SpecChange declare(SpecStore store, String name, String specJson) {
        Optional<SpecRecord> before = store.get(name);
        SpecRecord after = store.apply(name, specJson);
        return of(before, after);
    }

    static SpecChange of(Optional<SpecRecord> before, SpecRecord after) {
        return new SpecChange(after, before.map(old -> old.generation() != after.generation()).orElse(true));
    }

    /** A pass is due when the spec changed, or when no pass has described this generation yet (a lost queue write). */
    boolean needsPass() {
        return changed || !record.upToDate();
    }
}
