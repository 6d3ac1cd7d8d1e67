package com.cmkorchestrator.state;

import java.time.Duration;
import java.util.List;

/**
 * The reconcile work queue. In Azure the Functions queue trigger consumes it (and moves a message
 * that failed {@code maxDequeueCount} times to {@code <name>-poison}); the local development host
 * polls it through {@link #receive}, {@link #complete} and {@link #fail}, which behave the same way.
 */
public interface ReconcileQueue {

    /** Longest delay or visibility timeout a Storage queue accepts. */
    Duration MAX_DELAY = Duration.ofDays(7);
    /** Most messages one receive returns (a Storage queue limit). */
    int MAX_RECEIVE = 32;
    /**
     * What a Storage queue counts delays in: whole seconds. An item is never made visible before its delay (the
     * delay is rounded up); a consumer still allows this much for clocks that differ between instances.
     */
    Duration GRANULARITY = Duration.ofSeconds(1);
    /** What the {@link #polls()} queue's name adds to the work queue's. */
    String POLLS = "-polls";

    /**
     * {@code delay} in whole seconds, rounded up (within {@link #MAX_DELAY}): the SDK sends the seconds and drops the
     * rest, and an item that surfaced before its pending marker's time found the marker still in place, so the
     * re-check its pass asked for was taken as covered by the item already being worked, and was lost.
     */
    static Duration wholeSecondsUp(Duration delay) {
        Duration whole = Duration.ofSeconds(delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0));
        return whole.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : whole;
    }

    /** What {@link #fail} did with the item. */
    enum FailureOutcome {
        /** Back in the queue, visible again after the retry delay, attempt + 1. */
        RETRY_SCHEDULED,
        /** Attempts exhausted: moved to the poison queue with its last error. */
        POISONED
    }

    String name();

    default String poisonName() {
        return name() + "-poison";
    }

    /**
     * The companion queue {@code <name>-polls} that holds the looks at long-running operations in flight
     * (docs/concurrency.md section 4), with its own {@code -poison}; the Functions host gives its trigger its own
     * workers. A fan-out fills this queue with writes that wait for ARM's write budget and hold the workers while they
     * wait; a look at an operation only reads, and behind that backlog it waited up to a minute after its operation
     * ended, adding that minute to the fan-out. A queue without a companion (a poll queue itself) keeps polls itself.
     */
    default ReconcileQueue polls() {
        return this;
    }

    /** Attempts of an item before {@link #fail} poisons it. */
    int maxAttempts();

    /**
     * Queues an item, invisible to consumers for {@code visibilityDelay} (zero: at once).
     *
     * @throws IllegalArgumentException when the delay is negative or over {@link #MAX_DELAY}
     */
    void enqueue(WorkItem item, Duration visibilityDelay);

    default void enqueue(WorkItem item) {
        enqueue(item, Duration.ZERO);
    }

    /**
     * Takes up to {@code maxItems} visible items and hides them for {@code visibilityTimeout}. A
     * message that is not a work item is moved to the poison queue as it is, not returned.
     *
     * @throws IllegalArgumentException when maxItems is outside 1..{@value #MAX_RECEIVE} or the timeout
     *     outside 1 s..7 days
     */
    List<ReceivedWork> receive(int maxItems, Duration visibilityTimeout);

    /**
     * Deletes a processed item.
     *
     * @throws ConcurrentUpdateException when the item's visibility timeout ran out and it was received
     *     again (or completed) by someone else: the pop receipt is stale
     */
    void complete(ReceivedWork work);

    /**
     * Reports a failed attempt: the item goes back to the queue with {@code error} as its last error,
     * visible after {@code retryDelay}, or to the poison queue once it has had {@link #maxAttempts()}
     * attempts. The item is written to the poison queue before it leaves the work queue, so a crash
     * in between duplicates it rather than losing it.
     *
     * @throws ConcurrentUpdateException when the pop receipt is stale (see {@link #complete})
     */
    FailureOutcome fail(ReceivedWork work, String error, Duration retryDelay);

    /** The raw messages of the poison queue, oldest first, without removing them. */
    List<String> peekPoison(int maxItems);

    static Duration checkDelay(String what, Duration delay, Duration min) {
        if (delay == null || delay.compareTo(min) < 0 || delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException(what + " must be between " + min + " and " + MAX_DELAY + ", got " + delay);
        }
        return delay;
    }

    static int checkMaxAttempts(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        return maxAttempts;
    }

    static int checkMaxItems(int maxItems) {
        if (maxItems < 1 || maxItems > MAX_RECEIVE) {
            throw new IllegalArgumentException("maxItems must be between 1 and " + MAX_RECEIVE + ", got " + maxItems);
        }
        return maxItems;
    }
}
