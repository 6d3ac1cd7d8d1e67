package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.core.ports.PacingPort;
import com.cmkorchestrator.state.LeaseKeys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** {@link PacingPort} in process memory. */
public final class InMemoryPacing implements PacingPort {

    private final Map<String, Instant> cursors = new HashMap<>();
    private final Clock clock;

    public InMemoryPacing(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Slot reserve(String name, Duration interval, Duration longestWait) {
        String key = LeaseKeys.rowKey(name);
        Instant now = clock.instant();
        Instant cursor = cursors.getOrDefault(key, now);
        Instant slot = cursor.isAfter(now) ? cursor : now;
        if (slot.isAfter(now.plus(longestWait))) {
            return new Slot(slot, false);
        }
        cursors.put(key, slot.plus(interval));
        return new Slot(slot, true);
    }
}
