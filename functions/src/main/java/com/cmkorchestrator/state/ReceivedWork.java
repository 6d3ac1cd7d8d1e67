package com.cmkorchestrator.state;

import java.util.Objects;

/**
 * A work item taken from the queue and hidden from other consumers until its visibility timeout;
 * {@link ReconcileQueue#complete complete} or {@link ReconcileQueue#fail fail} it before then.
 *
 * @param item the work item
 * @param messageId the queue's message ID
 * @param popReceipt proof of this receive; a later receive of the same message invalidates it
 * @param dequeueCount how many times the queue handed the message out, this time included
 */
public record ReceivedWork(WorkItem item, String messageId, String popReceipt, long dequeueCount) {

    public ReceivedWork {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(popReceipt, "popReceipt");
    }

    /**
     * Attempts this item has had, this one included: its own count, or the queue's delivery count
     * when that is higher (a consumer died without reporting a failure).
     */
    public long attempts() {
        return Math.max(item.attempt(), dequeueCount);
    }

    /** Whether the queue handed this item out more often than {@code maxAttempts}: it keeps killing its consumer. */
    public boolean overDelivered(int maxAttempts) {
        return dequeueCount > maxAttempts;
    }

    /** The item as it goes to the poison queue after too many deliveries. */
    public WorkItem abandoned() {
        return item.poisonedWith("delivered " + dequeueCount + " times without being completed or failed");
    }
}
