package com.cmkorchestrator.devhost;

import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A queue-triggered function for testing the queue pump: records what it got, fails on demand. */
public class SampleQueueFunctions {
    static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

    @FunctionName("Work")
    public void work(@QueueTrigger(name = "message", queueName = "%WORK_QUEUE%") String message,
                     @BindingName("Id") String id, @BindingName("DequeueCount") long dequeueCount) {
        RECEIVED.add(message + " #" + dequeueCount + " " + (id.isBlank() ? "no id" : "with id"));
        if (message.contains("fail")) {
            throw new IllegalStateException("asked to fail");
        }
    }
}
