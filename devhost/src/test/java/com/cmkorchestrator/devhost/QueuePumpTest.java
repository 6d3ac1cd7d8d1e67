package com.cmkorchestrator.devhost;

import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.WorkItem;
import com.cmkorchestrator.state.memory.InMemoryReconcileQueue;
import com.cmkorchestrator.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueuePumpTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final ReconcileQueue queue = new InMemoryReconcileQueue("work", 3, clock);
    private QueuePump pump;

    @BeforeEach
    void setUp() {
        SampleQueueFunctions.RECEIVED.clear();
        FunctionCatalog catalog = FunctionCatalog.scan(List.of(SampleQueueFunctions.class), Map.of("WORK_QUEUE", "work"));
        pump = new QueuePump(catalog, new FunctionInvoker(type -> new SampleQueueFunctions()), queue);
    }

    @Test
    void invokesTheQueueFunctionWithTheMessageAndItsMetadataThenDeletesIt() {
        queue.enqueue(WorkItem.forBinding("orders", "test"));

        assertThat(pump.pumpOnce()).isEqualTo(1);

        assertThat(SampleQueueFunctions.RECEIVED).singleElement()
                .satisfies(line -> assertThat(line).contains("\"binding\":\"orders\"").endsWith("#1 with id"));
        clock.advance(Duration.ofMinutes(5));
        assertThat(pump.pumpOnce()).isZero();
    }

    @Test
    void aFailingMessageComesBackAfterTheVisibilityTimeoutAndIsPoisonedWhenDeliveredTooOften() {
        queue.enqueue(WorkItem.forBinding("fail", "test"));

        for (int delivery = 0; delivery < 4; delivery++) {
            pump.pumpOnce();
            clock.advance(QueuePump.VISIBILITY_TIMEOUT.plusSeconds(1));
        }

        assertThat(SampleQueueFunctions.RECEIVED).extracting(line -> line.substring(line.indexOf('#')))
                .containsExactly("#1 with id", "#2 with id", "#3 with id");
        assertThat(queue.peekPoison(5)).hasSize(1);
    }

    /**
     * As the Functions host (batchSize 8, newBatchThreshold 4): a slow message holds back no other, the next batch
     * comes once at most 4 run, and never more than 12 run at once. A pump that waited for its whole batch handled
     * none of the other 40 while the slow one ran.
     */
    @Test
    void aSlowMessageHoldsBackNoOtherAndNoMoreThanTwelveRunAtOnce() throws Exception {
        ReconcileQueue realTime = new InMemoryReconcileQueue("work", 3, java.time.Clock.systemUTC());
        QueuePump continuous = new QueuePump(FunctionCatalog.scan(List.of(SampleQueueFunctions.class),
                Map.of("WORK_QUEUE", "work")), new FunctionInvoker(type -> new SampleQueueFunctions()), realTime);
        SampleQueueFunctions.SLOW = new java.util.concurrent.CountDownLatch(1);
        SampleQueueFunctions.MOST_AT_ONCE.set(0);
        realTime.enqueue(WorkItem.forBinding("slow", "test"));
        for (int i = 0; i < 40; i++) {
            realTime.enqueue(WorkItem.forBinding("quick-" + i, "test"));
        }
        try (continuous) {
            continuous.start(Duration.ofMillis(20));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (SampleQueueFunctions.RECEIVED.size() < 40 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(SampleQueueFunctions.RECEIVED).as("handled while the slow one runs").hasSize(40)
                    .noneMatch(line -> line.contains("\"slow\""));
        } finally {
            SampleQueueFunctions.SLOW.countDown();
        }
        assertThat(SampleQueueFunctions.MOST_AT_ONCE.get()).isBetween(2, QueuePump.BATCH + QueuePump.NEW_BATCH_THRESHOLD);
    }

    @Test
    void refusesAQueueNoFunctionListensTo() {
        FunctionCatalog catalog = FunctionCatalog.scan(List.of(SampleQueueFunctions.class), Map.of("WORK_QUEUE", "other"));
        assertThatThrownBy(() -> new QueuePump(catalog, new FunctionInvoker(type -> null), queue))
                .hasMessageContaining("no function listens to queue work");
    }
}
