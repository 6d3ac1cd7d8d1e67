package com.cmkorchestrator.devhost;

import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Queue-triggered functions for testing the queue pump: records what they got, fails on demand. {@code Polls} listens
 * to the work queue's poll queue, as the app's {@code PollOperation} does.
 */
public class SampleQueueFunctions {
    static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    /** A message whose text says "slow" runs until this opens. */
    static volatile CountDownLatch SLOW = new CountDownLatch(0);
    static final AtomicInteger RUNNING = new AtomicInteger();
    static final AtomicInteger MOST_AT_ONCE = new AtomicInteger();

    @FunctionName("Work")
    public void work(@QueueTrigger(name = "message", queueName = "%WORK_QUEUE%") String message,
                     @BindingName("Id") String id, @BindingName("DequeueCount") long dequeueCount) {
        int now = RUNNING.incrementAndGet();
        MOST_AT_ONCE.accumulateAndGet(now, Math::max);
        try {
            if (message.contains("slow")) {
                SLOW.await(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            RUNNING.decrementAndGet();
        }
        RECEIVED.add(message + " #" + dequeueCount + " " + (id.isBlank() ? "no id" : "with id"));
        if (message.contains("fail")) {
            throw new IllegalStateException("asked to fail");
        }
    }

    @FunctionName("Polls")
    public void polls(@QueueTrigger(name = "message", queueName = "%WORK_QUEUE%-polls") String message,
                      @BindingName("Id") String id, @BindingName("DequeueCount") long dequeueCount) {
        RECEIVED.add("poll " + message + " #" + dequeueCount);
    }
}
