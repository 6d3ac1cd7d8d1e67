package com.cmkorchestrator.state;

import com.cmkorchestrator.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link PendingWork} does; run against Azure Table storage (Azurite) and in memory. */
public abstract class PendingWorkContract {

    private static final String BINDING = "binding/orders-storage";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    private final PendingWork pending;

    /** @param freshStore given the clock, a store with no markers */
    protected PendingWorkContract(Function<MutableClock, PendingWork> freshStore) {
        this.pending = freshStore.apply(clock);
    }

    private Instant in(Duration duration) {
        return clock.instant().plus(duration);
    }

    @Test
    void theFirstItemForATargetIsQueued() {
        assertThat(pending.mark(BINDING, clock.instant())).isTrue();
    }

    @Test
    void anItemDueNoSoonerThanOneWaitingIsCovered() {
        pending.mark(BINDING, clock.instant());

        assertThat(pending.mark(BINDING, clock.instant())).isFalse();
        assertThat(pending.mark(BINDING, in(Duration.ofHours(6)))).isFalse();
    }

    @Test
    void anItemDueSoonerThanTheOneWaitingIsQueued() {
        pending.mark(BINDING, in(Duration.ofHours(6)));

        assertThat(pending.mark(BINDING, clock.instant())).isTrue();
        assertThat(pending.mark(BINDING, clock.instant())).isFalse();
    }

    @Test
    void otherTargetsAreApart() {
        pending.mark(BINDING, clock.instant());

        assertThat(pending.mark("binding/vm-disks", clock.instant())).isTrue();
        assertThat(pending.mark("key/contoso-hsm/orders-cmk", clock.instant())).isTrue();
    }

    @Test
    void startingTheItemRemovesItsMarkerSoAChangeDuringThePassQueuesAgain() {
        pending.mark(BINDING, clock.instant());

        pending.started(BINDING, clock.instant());

        assertThat(pending.mark(BINDING, clock.instant())).isTrue();
    }

    @Test
    void startingAnItemLeavesTheMarkerOfALaterOne() {
        pending.mark(BINDING, in(Duration.ofHours(6)));

        pending.started(BINDING, clock.instant());

        assertThat(pending.mark(BINDING, in(Duration.ofHours(7)))).isFalse();
    }

    @Test
    void aMarkerPastItsDueTimeByTheGraceIsStaleAndReplaced() {
        pending.mark(BINDING, clock.instant());
        clock.advance(PendingWork.GRACE.plusSeconds(1));

        assertThat(pending.mark(BINDING, clock.instant())).isTrue();
    }

    @Test
    void anItemThatCouldNotBeQueuedGivesItsMarkerBack() {
        pending.mark(BINDING, clock.instant());

        pending.unmark(BINDING, clock.instant());

        assertThat(pending.mark(BINDING, clock.instant())).isTrue();
    }
}
