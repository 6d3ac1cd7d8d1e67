package com.cmkorchestrator.state;

import java.time.Duration;
import java.time.Instant;

/**
 * Which work items are waiting in the queue, one marker per target (a binding, a key, an HSM), so that the same work
 * is queued once however many events ask for it (docs/concurrency.md section 5). A marker holds the due time of the
 * soonest item queued for its target; it goes when a worker starts that item, so a change made during a pass queues
 * a new one. A marker past its due time by {@link #GRACE} belongs to an item that was lost (the enqueue failed after
 * the mark, the item was poisoned) and is replaced.
 *
 * <p>In Azure the markers are entities of {@code <prefix>pending}; locally and in tests they may be in memory. One
 * contract test runs on both.
 */
public interface PendingWork {

    /** How long past its due time a marker is trusted to stand for an item still in the queue. */
    Duration GRACE = Duration.ofMinutes(10);

    /**
     * Marks {@code target} as queued for {@code due}, unless an item due no later is waiting already.
     *
     * @return true when the caller should queue its item (no marker, a later one, or a stale one); false when an
     *         item already waiting covers it
     */
    boolean mark(String target, Instant due);

    /** A worker starts an item for {@code target} that was due by {@code now}: its marker goes. */
    void started(String target, Instant now);

    /** The item marked for {@code due} could not be queued after all: its marker goes, if it is still that one. */
    void unmark(String target, Instant due);
}
