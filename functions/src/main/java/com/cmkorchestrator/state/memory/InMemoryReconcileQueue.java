package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.state.ConcurrentUpdateException;
import com.cmkorchestrator.state.ReceivedWork;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.WorkItem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@link ReconcileQueue} in process memory, for the local development host: visibility timeouts,
 * pop receipts and the poison queue behave as a Storage queue's do.
 */
public final class InMemoryReconcileQueue implements ReconcileQueue {

    private final String name;
    private final int maxAttempts;
    private final Clock clock;
    // insertion order approximates a Storage queue's (best-effort FIFO) order
    private final Map<String, Message> messages = new LinkedHashMap<>();
    private final List<String> poison = new ArrayList<>();
    private final InMemoryReconcileQueue polls;

    private static final class Message {
        final String id = UUID.randomUUID().toString();
        String body;
        Instant visibleAt;
        String popReceipt = "";
        long dequeueCount;

        Message(String body, Instant visibleAt) {
            this.body = body;
            this.visibleAt = visibleAt;
        }
    }

    /** The work queue {@code name} with its poll queue {@code <name>-polls}. */
    public InMemoryReconcileQueue(String name, int maxAttempts, Clock clock) {
        this(name, maxAttempts, clock, true);
    }

    private InMemoryReconcileQueue(String name, int maxAttempts, Clock clock, boolean withPolls) {
        this.name = name;
        this.maxAttempts = ReconcileQueue.checkMaxAttempts(maxAttempts);
        this.clock = clock;
        this.polls = withPolls ? new InMemoryReconcileQueue(name + POLLS, maxAttempts, clock, false) : this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int maxAttempts() {
        return maxAttempts;
    }

    @Override
    public ReconcileQueue polls() {
        return polls;
    }

    @Override
    public synchronized void enqueue(WorkItem item, Duration visibilityDelay) {
        ReconcileQueue.checkDelay("visibilityDelay", visibilityDelay, Duration.ZERO);
        Message message = new Message(item.toJson(), clock.instant().plus(visibilityDelay));
        messages.put(message.id, message);
    }

    @Override
    public synchronized List<ReceivedWork> receive(int maxItems, Duration visibilityTimeout) {
        ReconcileQueue.checkMaxItems(maxItems);
        ReconcileQueue.checkDelay("visibilityTimeout", visibilityTimeout, Duration.ofSeconds(1));
        Instant now = clock.instant();
        List<ReceivedWork> received = new ArrayList<>();
        List<ReceivedWork> abandoned = new ArrayList<>();
        for (Message message : messages.values()) {
            if (received.size() == maxItems) {
                break;
            }
            if (!message.visibleAt.isAfter(now)) {
                message.visibleAt = now.plus(visibilityTimeout);
                message.popReceipt = UUID.randomUUID().toString();
                message.dequeueCount++;
                ReceivedWork work = new ReceivedWork(WorkItem.fromJson(message.body), message.id, message.popReceipt,
                        message.dequeueCount);
                if (work.overDelivered(maxAttempts)) {
                    abandoned.add(work);
                } else {
                    received.add(work);
                }
            }
        }
        // as the Functions host does: an item its consumers never report on goes to the poison queue
        for (ReceivedWork work : abandoned) {
            poison.add(work.abandoned().toJson());
            messages.remove(work.messageId());
        }
        return received;
    }

    @Override
    public synchronized void complete(ReceivedWork work) {
        messages.remove(held(work).id);
    }

    @Override
    public synchronized FailureOutcome fail(ReceivedWork work, String error, Duration retryDelay) {
        ReconcileQueue.checkDelay("retryDelay", retryDelay, Duration.ZERO);
        Message message = held(work);
        if (work.attempts() >= maxAttempts) {
            poison.add(work.item().poisonedWith(error).toJson());
            messages.remove(message.id);
            return FailureOutcome.POISONED;
        }
        message.body = work.item().failedWith(error).toJson();
        message.visibleAt = clock.instant().plus(retryDelay);
        message.popReceipt = UUID.randomUUID().toString();
        return FailureOutcome.RETRY_SCHEDULED;
    }

    @Override
    public synchronized List<String> peekPoison(int maxItems) {
        ReconcileQueue.checkMaxItems(maxItems);
        return List.copyOf(poison.subList(0, Math.min(maxItems, poison.size())));
    }

    private Message held(ReceivedWork work) {
        Message message = messages.get(work.messageId());
        if (message == null || !message.popReceipt.equals(work.popReceipt())) {
            throw new ConcurrentUpdateException("work item " + work.item().target() + " (message " + work.messageId()
                    + ") was received again or completed since; its pop receipt is stale");
        }
        return message;
    }
}
