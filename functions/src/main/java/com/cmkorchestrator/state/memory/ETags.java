package com.cmkorchestrator.state.memory;

import java.util.concurrent.atomic.AtomicLong;

/** Version tags for in-memory records: unique per process, like Azure's opaque ETags. */
final class ETags {

    private final AtomicLong counter = new AtomicLong();

    String next() {
        return "W/\"mem-" + counter.incrementAndGet() + "\"";
    }
}
