package com.cmkorchestrator.app;

import com.cmkorchestrator.state.ReceivedWork;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.WorkItem;
import com.cmkorchestrator.state.memory.InMemoryPendingWork;
import com.cmkorchestrator.state.memory.InMemoryReconcileQueue;
import com.cmkorchestrator.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The re-check a pass asks for is never lost. The item that started the pass may surface a little before its
 * marker's time (the instance that queued it runs ahead of this one, or the queue counts whole seconds): its marker
 * must still go when its worker starts, or the pass's own re-check is taken for covered by the very item being worked,
 * and the binding waits for nothing. The scale benchmark at a time scale of 1 stopped with 766 of 1,000 bindings so.
 */
class WorkSchedulerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private final ReconcileQueue queue = new InMemoryReconcileQueue("cmk-reconcile", 8, clock);
    private final WorkScheduler work = new WorkScheduler(queue, new InMemoryPendingWork(clock), clock);

    @Test
    void anItemThatSurfacesJustBeforeItsTimeStillLetsItsPassQueueTheNextLook() {
        Instant due = clock.instant().plusSeconds(5);
        work.recheck("orders-db", due);
        clock.advance(Duration.ofMillis(4_400));
        WorkItem surfaced = WorkItem.forBinding("orders-db", Recheck.reasonFor(due));

        work.started(surfaced);

        assertThat(work.lookAt("orders-db", "re-check", due.plusSeconds(5))).as("the pass's re-check is queued")
                .isTrue();
    }

    @Test
    void anItemStillWaitingKeepsCoveringLaterLooks() {
        work.recheck("orders-db", clock.instant().plusSeconds(30));
        work.started(WorkItem.forBinding("orders-db", "an event's look, worked now"));

        assertThat(work.lookAt("orders-db", "re-check", clock.instant().plusSeconds(60))).isFalse();
        clock.advance(Duration.ofSeconds(30));
        assertThat(queue.receive(ReconcileQueue.MAX_RECEIVE, Duration.ofMinutes(1))).extracting(ReceivedWork::item)
                .extracting(WorkItem::binding).containsExactly("orders-db");
    }

    @Test
    void aDelayIsSentInWholeSecondsRoundedUp() {
        assertThat(ReconcileQueue.wholeSecondsUp(Duration.ofMillis(4_400))).isEqualTo(Duration.ofSeconds(5));
        assertThat(ReconcileQueue.wholeSecondsUp(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        assertThat(ReconcileQueue.wholeSecondsUp(Duration.ZERO)).isZero();
        assertThat(ReconcileQueue.wholeSecondsUp(ReconcileQueue.MAX_DELAY.minusMillis(1)))
                .isEqualTo(ReconcileQueue.MAX_DELAY);
    }

    @Test
    void aLookAtAnOperationInFlightGoesToThePollQueueAheadOfAnyBacklogOfWork() {
        for (int i = 0; i < 100; i++) {
            work.lookAt("waiting-write-" + i, "a rotation's fan-out");
        }
        work.recheck("orders-des", clock.instant().plusSeconds(30), true);
        work.recheck("orders-st", clock.instant().plusSeconds(30), false);
        clock.advance(Duration.ofSeconds(30));

        assertThat(queue.polls().receive(ReconcileQueue.MAX_RECEIVE, Duration.ofMinutes(1)))
                .as("the poll queue's first receive").extracting(ReceivedWork::item).extracting(WorkItem::binding)
                .containsExactly("orders-des");
        assertThat(queue.polls().name()).isEqualTo("cmk-reconcile-polls");
        assertThat(queue.polls().poisonName()).isEqualTo("cmk-reconcile-polls-poison");
    }

    @Test
    void aLookAtAnOperationStillCoalescesWithAnyLookWaitingOnTheWorkQueue() {
        work.lookAt("orders-des", "an event's look", clock.instant().plusSeconds(10));

        work.recheck("orders-des", clock.instant().plusSeconds(30), true);

        clock.advance(Duration.ofSeconds(30));
        assertThat(queue.polls().receive(ReconcileQueue.MAX_RECEIVE, Duration.ofMinutes(1)))
                .as("covered by the look already waiting, which runs the same pass").isEmpty();
        assertThat(queue.receive(ReconcileQueue.MAX_RECEIVE, Duration.ofMinutes(1))).hasSize(1);
    }
}
