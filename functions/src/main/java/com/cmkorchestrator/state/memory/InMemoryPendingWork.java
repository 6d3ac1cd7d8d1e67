package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.state.PendingWork;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** {@link PendingWork} in process memory. */
public final class InMemoryPendingWork implements PendingWork {

    private final Map<String, Instant> markers = new HashMap<>();
    private final Clock clock;

    public InMemoryPendingWork(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized boolean mark(String target, Instant due) {
        String key = key(target);
        Instant marked = markers.get(key);
        if (marked != null && !marked.isAfter(due) && !marked.plus(GRACE).isBefore(clock.instant())) {
            return false;
        }
        markers.put(key, due);
        return true;
    }

    @Override
    public synchronized void started(String target, Instant now) {
        String key = key(target);
        Instant marked = markers.get(key);
        if (marked != null && !marked.isAfter(now)) {
            markers.remove(key);
        }
    }

    @Override
    public synchronized void unmark(String target, Instant due) {
        markers.remove(key(target), due);
    }

    private static String key(String target) {
        return target.toLowerCase(Locale.ROOT);
    }
}
