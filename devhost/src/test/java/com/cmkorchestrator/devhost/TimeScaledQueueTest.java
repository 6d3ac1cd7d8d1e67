package com.cmkorchestrator.devhost;

import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.WorkItem;
import com.cmkorchestrator.state.memory.InMemoryReconcileQueue;
import com.cmkorchestrator.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Azurite counts queue delays in real time; the app asks for them on the emulated clock. */
class TimeScaledQueueTest {

    /** Real time, as Azurite keeps it. */
    private final MutableClock real = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final ReconcileQueue azurite = new InMemoryReconcileQueue("work", 3, real);

    private int visibleAfter(Duration realWait) {
        real.advance(realWait);
        return azurite.receive(ReconcileQueue.MAX_RECEIVE, Duration.ofSeconds(30)).size();
    }

    @Test
    void aDelayOnTheEmulatedClockTakesItsShareOfRealTime() {
        ReconcileQueue queue = TimeScaledQueue.of(azurite, 10);

        queue.enqueue(WorkItem.forBinding("orders", "recheck"), Duration.ofMinutes(5));

        assertThat(visibleAfter(Duration.ofSeconds(29))).isZero();
        assertThat(visibleAfter(Duration.ofSeconds(1))).isEqualTo(1);
    }

    @Test
    void aDelayShorterThanASecondOfRealTimeWaitsAWholeSecondAsAStorageQueueCounts() {
        ReconcileQueue queue = TimeScaledQueue.of(azurite, 10);

        queue.enqueue(WorkItem.forBinding("orders", "recheck"), Duration.ofSeconds(5));

        assertThat(visibleAfter(Duration.ofMillis(999))).isZero();
        assertThat(visibleAfter(Duration.ofMillis(1))).isEqualTo(1);
    }

    @Test
    void atRealTimeTheQueueIsLeftAsItIs() {
        assertThat(TimeScaledQueue.of(azurite, 1)).isSameAs(azurite);
    }
}
