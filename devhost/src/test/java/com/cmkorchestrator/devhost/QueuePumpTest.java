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

    @Test
    void refusesAQueueNoFunctionListensTo() {
        FunctionCatalog catalog = FunctionCatalog.scan(List.of(SampleQueueFunctions.class), Map.of("WORK_QUEUE", "other"));
        assertThatThrownBy(() -> new QueuePump(catalog, new FunctionInvoker(type -> null), queue))
                .hasMessageContaining("no function listens to queue work");
    }
}
