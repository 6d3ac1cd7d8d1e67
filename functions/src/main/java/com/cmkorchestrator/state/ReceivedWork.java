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
}
