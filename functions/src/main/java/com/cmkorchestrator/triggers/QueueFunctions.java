package com.cmkorchestrator.triggers;

import com.cmkorchestrator.app.ReconcileWorker;
import com.cmkorchestrator.app.RejectedEvents;
import com.cmkorchestrator.state.ReceivedWork;
import com.cmkorchestrator.state.WorkItem;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;

/**
 * The reconcile queue. The worker reports a failure to the queue itself (with the message's ID and pop receipt):
 * the item goes back with its error and a growing delay, or to the poison queue with its last error, and the function
 * returns normally. The host's own delete then finds the receipt stale, which it tolerates.
 */
public class QueueFunctions {

    private final ReconcileWorker worker;
    private final RejectedEvents rejected;
    private final String queueName;

    /** @param queueName the queue's name, as rejected messages are recorded under it */
    public QueueFunctions(ReconcileWorker worker, RejectedEvents rejected, String queueName) {
        this.worker = worker;
        this.rejected = rejected;
        this.queueName = queueName;
    }

    @FunctionName("Reconcile")
    public void reconcile(
            @QueueTrigger(name = "message", queueName = "%CMK_RECONCILE_QUEUE%", connection = "AzureWebJobsStorage")
            String message,
            @BindingName("Id") String id, @BindingName("PopReceipt") String popReceipt,
            @BindingName("DequeueCount") long dequeueCount, ExecutionContext context) {
        WorkItem item;
        try {
            item = WorkItem.fromJson(message);
        } catch (IllegalArgumentException e) {
            context.getLogger().warning("queue message " + id + " is not a work item, recorded and dropped: "
                    + e.getMessage());
            rejected.record("queue " + queueName, e.getMessage(), message);
            return;
        }
        context.getLogger().info(worker.handle(new ReceivedWork(item, id, popReceipt, dequeueCount)));
    }
}
