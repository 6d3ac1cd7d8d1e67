package com.cmkorchestrator.triggers;

import com.cmkorchestrator.app.ReconcileWorker;
import com.cmkorchestrator.app.RejectedEvents;
import com.cmkorchestrator.state.ReceivedWork;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.WorkItem;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;

/**
 * The reconcile queue and its poll queue ({@link ReconcileQueue#polls()}): the same work, on two triggers, so that the
 * Functions host gives the looks at operations in flight workers of their own. The worker reports a failure to the
 * queue itself (with the message's ID and pop receipt): the item goes back with its error and a growing delay, or to
 * the poison queue with its last error, and the function returns normally. The host's own delete then finds the
 * receipt stale, which it tolerates.
 */
public class QueueFunctions {

    private final ReconcileWorker worker;
    private final RejectedEvents rejected;
    private final ReconcileQueue queue;

    /** @param queue the work queue (its poll queue is {@code queue.polls()}); rejected messages are recorded under its name */
    public QueueFunctions(ReconcileWorker worker, RejectedEvents rejected, ReconcileQueue queue) {
        this.worker = worker;
        this.rejected = rejected;
        this.queue = queue;
    }

    @FunctionName("Reconcile")
    public void reconcile(
            @QueueTrigger(name = "message", queueName = "%CMK_RECONCILE_QUEUE%", connection = "AzureWebJobsStorage")
            String message,
            @BindingName("Id") String id, @BindingName("PopReceipt") String popReceipt,
            @BindingName("DequeueCount") long dequeueCount, ExecutionContext context) {
        handle(queue, message, id, popReceipt, dequeueCount, context);
    }

    /** A look at a long-running operation in flight: its own trigger, so that no backlog of writes holds it back. */
    @FunctionName("PollOperation")
    public void pollOperation(
            @QueueTrigger(name = "message", queueName = "%CMK_RECONCILE_QUEUE%-polls",
                    connection = "AzureWebJobsStorage") String message,
            @BindingName("Id") String id, @BindingName("PopReceipt") String popReceipt,
            @BindingName("DequeueCount") long dequeueCount, ExecutionContext context) {
        handle(queue.polls(), message, id, popReceipt, dequeueCount, context);
    }

    private void handle(ReconcileQueue from, String message, String id, String popReceipt, long dequeueCount,
                        ExecutionContext context) {
        WorkItem item;
        try {
            item = WorkItem.fromJson(message);
        } catch (IllegalArgumentException e) {
            context.getLogger().warning("queue message " + id + " is not a work item, recorded and dropped: "
                    + e.getMessage());
            rejected.record("queue " + from.name(), e.getMessage(), message);
            return;
        }
        context.getLogger().info(worker.handle(new ReceivedWork(item, id, popReceipt, dequeueCount), from));
    }
}
