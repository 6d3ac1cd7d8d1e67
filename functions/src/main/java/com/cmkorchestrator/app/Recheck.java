package com.cmkorchestrator.app;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The reason text of a scheduled re-check, {@code recheck at <instant>}. The instant is the {@code nextCheckAt} the
 * pass that queued it stored; when the item comes due and the stored {@code nextCheckAt} has moved on (an event or
 * the sweep ran a newer pass, which queued its own re-check), the item is stale and dropped. So however many events
 * arrive, each binding has one live re-check chain, not one per event.
 */
public final class Recheck {

    private static final String PREFIX = "recheck at ";

    private Recheck() {
    }

    public static String reasonFor(Instant due) {
        return PREFIX + due;
    }

    /** When the item is a scheduled re-check: the instant it is due. */
    public static Optional<Instant> dueAt(String reason) {
        if (reason == null || !reason.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(reason.substring(PREFIX.length())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
