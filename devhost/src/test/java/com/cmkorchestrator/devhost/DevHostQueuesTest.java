package com.cmkorchestrator.devhost;

import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.WorkItem;
import com.cmkorchestrator.state.memory.InMemoryReconcileQueue;
import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The development host listens to the work queue and to its poll queue, each with listeners of its own, as the
 * Functions host does for two queue triggers: a look at an operation in flight is handled while every worker of the
 * work queue is held (in a fan-out, by writes waiting for ARM's budget). A host with one listener never reached it.
 */
class DevHostQueuesTest {

    @Test
    void aPollIsHandledWhileEveryWorkerOfTheWorkQueueIsHeld() throws Exception {
        SampleQueueFunctions.RECEIVED.clear();
        SampleQueueFunctions.SLOW = new CountDownLatch(1);
        ReconcileQueue queue = new InMemoryReconcileQueue("work", 3, Clock.systemUTC());
        for (int i = 0; i < 20; i++) {
            queue.enqueue(WorkItem.forBinding("slow-" + i, "a write waiting for ARM's budget"));
        }
        queue.polls().enqueue(WorkItem.forBinding("orders-des", "re-check of an operation in flight"));
        FunctionInstanceInjector injector = new FunctionInstanceInjector() {
            @Override
            public <T> T getInstance(Class<T> type) {
                return type.cast(new SampleQueueFunctions());
            }
        };
        try (DevHost host = DevHost.start(List.of(SampleQueueFunctions.class), injector, Map.of("WORK_QUEUE", "work"),
                queue, 0, false, Duration.ofMillis(20))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (SampleQueueFunctions.RECEIVED.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(SampleQueueFunctions.RECEIVED).as("handled while the work queue's workers are all held")
                    .singleElement().satisfies(line -> assertThat(line).startsWith("poll ").contains("orders-des"));
        } finally {
            SampleQueueFunctions.SLOW.countDown();
        }
    }
}
