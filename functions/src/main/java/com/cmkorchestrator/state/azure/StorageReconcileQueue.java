package com.cmkorchestrator.state.azure;

import com.azure.core.util.Context;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.models.PeekedMessageItem;
import com.azure.storage.queue.models.QueueErrorCode;
import com.azure.storage.queue.models.QueueMessageDecodingError;
import com.azure.storage.queue.models.QueueMessageItem;
import com.azure.storage.queue.models.QueueStorageException;
import com.cmkorchestrator.state.ConcurrentUpdateException;
import com.cmkorchestrator.state.ReceivedWork;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.WorkItem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link ReconcileQueue} on an Azure Storage queue and its {@code -poison} companion, with the
 * poison rule of the Functions queue trigger, so the local development host and Azure agree.
 */
public final class StorageReconcileQueue implements ReconcileQueue {

    private static final System.Logger LOG = System.getLogger(StorageReconcileQueue.class.getName());
    /** Messages never expire on their own: an item waits for a consumer however long that takes. */
    private static final Duration NEVER_EXPIRES = Duration.ofSeconds(-1);
    /** How long a message being moved to the poison queue stays hidden meanwhile. */
    private static final Duration MOVE_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final int maxAttempts;
    private final QueueClient queue;
    private final QueueClient poison;
    private final StorageReconcileQueue polls;

    /** The work queue {@code name}, its poll queue {@code <name>-polls} and their poison queues, created when missing. */
    StorageReconcileQueue(QueueServiceClient service, String name, int maxAttempts) {
        this(service, name, maxAttempts, true);
    }

    private StorageReconcileQueue(QueueServiceClient service, String name, int maxAttempts, boolean withPolls) {
        this.name = name;
        this.maxAttempts = ReconcileQueue.checkMaxAttempts(maxAttempts);
        this.poison = client(service, poisonName(), null);
        this.queue = client(service, name, this::poisonUndecodable);
        queue.createIfNotExists();
        poison.createIfNotExists();
        this.polls = withPolls ? new StorageReconcileQueue(service, name + POLLS, maxAttempts, false) : this;
    }

    private static QueueClient client(QueueServiceClient service, String queueName,
                                      Consumer<QueueMessageDecodingError> onUndecodable) {
        QueueClientBuilder builder = new QueueClientBuilder()
                .pipeline(service.getHttpPipeline())
                .endpoint(service.getQueueServiceUrl())
                .queueName(queueName)
                // The Azure Functions queue trigger reads messages as base64 by default (host.json
                // extensions.queues.messageEncoding); plain text would never reach the function.
                .messageEncoding(QueueMessageEncoding.BASE64);
        if (onUndecodable != null) {
            builder.processMessageDecodingError(onUndecodable);
        }
        return builder.buildClient();
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
    public void enqueue(WorkItem item, Duration visibilityDelay) {
        ReconcileQueue.checkDelay("visibilityDelay", visibilityDelay, Duration.ZERO);
        queue.sendMessageWithResponse(item.toJson(), ReconcileQueue.wholeSecondsUp(visibilityDelay), NEVER_EXPIRES,
                null, Context.NONE);
    }

    @Override
    public List<ReceivedWork> receive(int maxItems, Duration visibilityTimeout) {
        ReconcileQueue.checkMaxItems(maxItems);
        ReconcileQueue.checkDelay("visibilityTimeout", visibilityTimeout, Duration.ofSeconds(1));
        List<ReceivedWork> received = new ArrayList<>();
        for (QueueMessageItem message : queue.receiveMessages(maxItems, visibilityTimeout, null, Context.NONE)) {
            String body = message.getBody().toString();
            ReceivedWork work;
            try {
                work = new ReceivedWork(WorkItem.fromJson(body), message.getMessageId(), message.getPopReceipt(),
                        message.getDequeueCount());
            } catch (IllegalArgumentException notWorkItem) {
                LOG.log(System.Logger.Level.WARNING, "message {0} of queue {1} is not a work item ({2});"
                        + " moving it to {3}", message.getMessageId(), name, notWorkItem.getMessage(), poisonName());
                moveToPoison(message.getMessageId(), message.getPopReceipt(), body);
                continue;
            }
            if (work.overDelivered(maxAttempts)) {
                // as the Functions host does: an item its consumers never report on goes to the poison queue
                moveToPoison(work.messageId(), work.popReceipt(), work.abandoned().toJson());
            } else {
                received.add(work);
            }
        }
        return received;
    }

    @Override
    public void complete(ReceivedWork work) {
        owned(work.messageId(), () -> queue.deleteMessage(work.messageId(), work.popReceipt()));
    }

    @Override
    public FailureOutcome fail(ReceivedWork work, String error, Duration retryDelay) {
        ReconcileQueue.checkDelay("retryDelay", retryDelay, Duration.ZERO);
        if (work.attempts() >= maxAttempts) {
            moveToPoison(work.messageId(), work.popReceipt(), work.item().poisonedWith(error).toJson());
            return FailureOutcome.POISONED;
        }
        owned(work.messageId(), () -> queue.updateMessage(work.messageId(), work.popReceipt(),
                work.item().failedWith(error).toJson(), ReconcileQueue.wholeSecondsUp(retryDelay)));
        return FailureOutcome.RETRY_SCHEDULED;
    }

    @Override
    public List<String> peekPoison(int maxItems) {
        ReconcileQueue.checkMaxItems(maxItems);
        return poison.peekMessages(maxItems, null, Context.NONE).stream()
                .map(PeekedMessageItem::getBody).map(Object::toString).toList();
    }

    /**
     * Writes {@code body} to the poison queue, then deletes the original. The update first proves
     * the receipt is still ours (and records the body in place), so a stale consumer poisons nothing.
     */
    private void moveToPoison(String messageId, String popReceipt, String body) {
        String[] receipt = {popReceipt};
        owned(messageId, () -> receipt[0] = queue.updateMessage(messageId, popReceipt, body, MOVE_TIMEOUT)
                .getPopReceipt());
        poison.sendMessageWithResponse(body, null, NEVER_EXPIRES, null, Context.NONE);
        owned(messageId, () -> queue.deleteMessage(messageId, receipt[0]));
    }

    // A message that is not base64 cannot even be read as text by the trigger: poison it unread.
    private void poisonUndecodable(QueueMessageDecodingError error) {
        QueueMessageItem message = error.getQueueMessageItem();
        if (message == null) {
            return; // a peek: nothing was taken, so there is nothing to move
        }
        LOG.log(System.Logger.Level.WARNING, "message {0} of queue {1} is not base64; moving it to {2}",
                message.getMessageId(), name, poisonName());
        moveToPoison(message.getMessageId(), message.getPopReceipt(), message.getBody().toString());
    }

    private void owned(String messageId, Runnable call) {
        try {
            call.run();
        } catch (QueueStorageException e) {
            // someone else received the message since (new receipt), or completed it
            if (QueueErrorCode.POP_RECEIPT_MISMATCH.equals(e.getErrorCode())
                    || QueueErrorCode.MESSAGE_NOT_FOUND.equals(e.getErrorCode())) {
                throw new ConcurrentUpdateException("message " + messageId + " of queue " + name
                        + " was received again or completed since; its pop receipt is stale", e);
            }
            throw e;
        }
    }
}
