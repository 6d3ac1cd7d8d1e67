package com.cmkorchestrator.state;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ReconcileQueue} does; run against an Azure Storage queue (Azurite) and in memory.
 * Visibility is real time here (a Storage queue keeps its own clock), so a few tests wait a second.
 */
public abstract class ReconcileQueueContract {

    protected static final int MAX_ATTEMPTS = 3;
    private static final Duration HIDE = Duration.ofSeconds(30);
    private static final Duration SHORT = Duration.ofSeconds(1);

    private final IntFunction<ReconcileQueue> freshQueue;
    private ReconcileQueue queue;

    /** @param freshQueue a new, empty queue (and poison queue) that poisons after the given attempts */
    protected ReconcileQueueContract(IntFunction<ReconcileQueue> freshQueue) {
        this.freshQueue = freshQueue;
    }

    @BeforeEach
    void setUpQueue() {
        queue = freshQueue.apply(MAX_ATTEMPTS);
    }

    @Test
    void anEnqueuedItemIsReceivedWithAllItsFields() {
        WorkItem item = new WorkItem(null, "contoso", "cmk", "KeyNewVersionCreated", 2, "ARM said 429");
        queue.enqueue(item);

        List<ReceivedWork> received = queue.receive(5, HIDE);

        assertThat(received).singleElement().satisfies(work -> {
            assertThat(work.item()).isEqualTo(item);
            assertThat(work.dequeueCount()).isEqualTo(1);
        });
    }

    /**
     * An item is never visible before its delay: a Storage queue counts whole seconds, and the SDK drops the rest, so
     * an item delayed 1.5 s surfaced after 1 s, before its pending marker's time (see {@code WorkSchedulerTest}).
     */
    @Test
    void anItemNeverSurfacesBeforeItsDelay() throws InterruptedException {
        Duration delay = Duration.ofMillis(1_500);
        long queued = System.nanoTime();
        queue.enqueue(WorkItem.forBinding("orders-db", "re-check"), delay);

        while (queue.receive(1, HIDE).isEmpty()) {
            assertThat(Duration.ofNanos(System.nanoTime() - queued)).as("still not visible").isLessThan(
                    Duration.ofSeconds(10));
            Thread.sleep(50);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - queued)).isGreaterThanOrEqualTo(delay);
    }

    @Test
    void aReceivedItemIsHiddenUntilItsVisibilityTimeoutEnds() throws InterruptedException {
        queue.enqueue(WorkItem.forBinding("orders-db", "created"));
        queue.receive(1, SHORT);

        assertThat(queue.receive(1, HIDE)).isEmpty();
        Thread.sleep(SHORT.toMillis() + 500);
        assertThat(queue.receive(1, HIDE)).singleElement()
                .satisfies(again -> assertThat(again.dequeueCount()).isEqualTo(2));
    }

    @Test
    void aDelayedItemIsInvisibleUntilItsDelayEnds() throws InterruptedException {
        queue.enqueue(WorkItem.forBinding("orders-db", "retry AccessGranted"), SHORT);

        assertThat(queue.receive(1, HIDE)).isEmpty();
        Thread.sleep(SHORT.toMillis() + 500);
        assertThat(queue.receive(1, HIDE)).extracting(work -> work.item().binding()).containsExactly("orders-db");
    }

    @Test
    void receiveTakesAtMostTheAskedNumberOfItems() {
        for (int i = 0; i < 3; i++) {
            queue.enqueue(WorkItem.forBinding("binding-" + i, "sweep"));
        }

        assertThat(queue.receive(2, HIDE)).hasSize(2);
        assertThat(queue.receive(2, HIDE)).hasSize(1);
    }

    @Test
    void aCompletedItemIsGone() throws InterruptedException {
        queue.enqueue(WorkItem.forBinding("orders-db", "created"));
        queue.complete(queue.receive(1, SHORT).get(0));

        Thread.sleep(SHORT.toMillis() + 500);
        assertThat(queue.receive(1, HIDE)).isEmpty();
    }

    @Test
    void completingAnItemReceivedAgainBySomeoneElseFailsWithAConcurrentUpdate()
            throws InterruptedException {
        queue.enqueue(WorkItem.forBinding("orders-db", "created"));
        ReceivedWork slow = queue.receive(1, SHORT).get(0);
        Thread.sleep(SHORT.toMillis() + 500);
        ReceivedWork other = queue.receive(1, HIDE).get(0);

        assertThatThrownBy(() -> queue.complete(slow)).isInstanceOf(ConcurrentUpdateException.class);
        queue.complete(other);
    }

    @Test
    void aFailedItemComesBackAfterTheRetryDelayWithItsAttemptAndLastError() {
        queue.enqueue(WorkItem.forBinding("orders-db", "created"));
        ReceivedWork first = queue.receive(1, HIDE).get(0);

        assertThat(queue.fail(first, "AuthorizationFailed: role not yet propagated", Duration.ZERO))
                .isEqualTo(ReconcileQueue.FailureOutcome.RETRY_SCHEDULED);

        assertThat(queue.receive(1, HIDE)).singleElement().satisfies(retry -> {
            assertThat(retry.item().attempt()).isEqualTo(2);
            assertThat(retry.item().lastError()).isEqualTo("AuthorizationFailed: role not yet propagated");
            assertThat(retry.item().binding()).isEqualTo("orders-db");
        });
    }

    @Test
    void anItemThatFailsItsLastAttemptGoesToThePoisonQueueWithItsLastError() {
        queue.enqueue(WorkItem.forBinding("orders-db", "created"));
        ReconcileQueue.FailureOutcome outcome = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            outcome = queue.fail(queue.receive(1, HIDE).get(0), "failure " + attempt, Duration.ZERO);
        }

        assertThat(outcome).isEqualTo(ReconcileQueue.FailureOutcome.POISONED);
        assertThat(queue.receive(1, HIDE)).isEmpty();
        assertThat(queue.peekPoison(10)).singleElement().satisfies(poisoned -> {
            WorkItem item = WorkItem.fromJson(poisoned);
            assertThat(item.attempt()).isEqualTo(MAX_ATTEMPTS);
            assertThat(item.lastError()).isEqualTo("failure " + MAX_ATTEMPTS);
        });
    }

    @Test
    void anItemDeliveredMoreOftenThanTheAttemptsAllowIsPoisonedEvenIfNeverFailed()
            throws InterruptedException {
        queue.enqueue(WorkItem.forBinding("orders-db", "created"));
        for (int delivery = 1; delivery <= MAX_ATTEMPTS; delivery++) {
            assertThat(queue.receive(1, SHORT)).hasSize(1); // and its consumer dies
            Thread.sleep(SHORT.toMillis() + 300);
        }

        assertThat(queue.receive(1, HIDE)).isEmpty();
        assertThat(queue.peekPoison(10)).singleElement()
                .satisfies(poisoned -> assertThat(WorkItem.fromJson(poisoned).lastError())
                        .contains("delivered " + (MAX_ATTEMPTS + 1) + " times"));
    }

    @Test
    void thePoisonQueueIsNamedAfterTheQueue() {
        assertThat(queue.poisonName()).isEqualTo(queue.name() + "-poison");
    }

    @Test
    void itsPollQueueIsAQueueOfItsOwnWithItsOwnPoisonQueue() {
        ReconcileQueue polls = queue.polls();
        polls.enqueue(WorkItem.forBinding("orders-des", "re-check of an operation in flight"));
        queue.enqueue(WorkItem.forBinding("orders-db", "created"));

        assertThat(polls.name()).isEqualTo(queue.name() + "-polls");
        assertThat(polls.polls()).as("a poll's next look stays on the poll queue").isSameAs(polls);
        assertThat(queue.receive(5, HIDE)).extracting(work -> work.item().binding()).containsExactly("orders-db");
        List<ReceivedWork> poll = polls.receive(5, HIDE);
        assertThat(poll).extracting(work -> work.item().binding()).containsExactly("orders-des");

        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            polls.fail(attempt == 1 ? poll.get(0) : polls.receive(1, HIDE).get(0), "failure " + attempt,
                    Duration.ZERO);
        }
        assertThat(polls.peekPoison(10)).as(polls.poisonName()).singleElement()
                .satisfies(poisoned -> assertThat(WorkItem.fromJson(poisoned).binding()).isEqualTo("orders-des"));
        assertThat(queue.peekPoison(10)).as(queue.poisonName()).isEmpty();
    }

    @Test
    void delaysAndBatchSizesBeyondStorageQueueLimitsAreRejected() {
        WorkItem item = WorkItem.forBinding("orders-db", "created");

        assertThatThrownBy(() -> queue.enqueue(item, Duration.ofDays(8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("visibilityDelay");
        assertThatThrownBy(() -> queue.enqueue(item, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queue.receive(33, HIDE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxItems");
        assertThatThrownBy(() -> queue.receive(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("visibilityTimeout");
    }
}
