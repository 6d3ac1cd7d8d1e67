package com.cmkorchestrator.state;

import com.cmkorchestrator.core.ports.PacingPort;
import com.cmkorchestrator.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link PacingPort} does; two ports over one store play two instances of the app. */
public abstract class PacingContract {

    private static final Duration SECOND = Duration.ofSeconds(1);
    /** Long enough that every slot in these tests is taken. */
    private static final Duration LONG = Duration.ofHours(1);

    private final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-03-01T09:00:00Z"));
    private final PacingPort first;
    private final PacingPort second;

    protected PacingContract(BiFunction<MutableClock, List<String>, List<PacingPort>> instances) {
        List<PacingPort> ports = instances.apply(clock, List.of("first", "second"));
        this.first = ports.get(0);
        this.second = ports.get(1);
    }

    @Test
    void theFirstReservationIsNowAndEachNextOneAnIntervalLater() {
        Instant now = clock.instant();

        assertThat(first.reserve("key-create/contoso-hsm", SECOND, LONG))
                .isEqualTo(new PacingPort.Slot(now, true));
        assertThat(second.reserve("key-create/contoso-hsm", SECOND, LONG))
                .isEqualTo(new PacingPort.Slot(now.plus(SECOND), true));
        assertThat(first.reserve("key-create/contoso-hsm", SECOND, LONG))
                .isEqualTo(new PacingPort.Slot(now.plus(SECOND.multipliedBy(2)), true));
    }

    @Test
    void aCursorLeftBehindStartsFromNow() {
        first.reserve("rbac-write/contoso-hsm", SECOND, LONG);
        clock.advance(Duration.ofMinutes(5));

        assertThat(second.reserve("rbac-write/contoso-hsm", SECOND, LONG))
                .isEqualTo(new PacingPort.Slot(clock.instant(), true));
    }

    @Test
    void cursorsOfDifferentNamesAreIndependent() {
        first.reserve("key-create/hsm-a", SECOND, LONG);

        assertThat(second.reserve("key-create/hsm-b", SECOND, LONG))
                .isEqualTo(new PacingPort.Slot(clock.instant(), true));
    }

    @Test
    void concurrentReservationsGetDistinctSlots() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<PacingPort.Slot>> callers = IntStream.range(0, 8).<Callable<PacingPort.Slot>>mapToObj(i ->
                    () -> (i % 2 == 0 ? first : second)
                            .reserve("rbac-write/busy-hsm", Duration.ofMillis(200), LONG)).toList();
            List<Instant> slots = new ArrayList<>();
            for (Future<PacingPort.Slot> slot : pool.invokeAll(callers)) {
                slots.add(slot.get().startsAt());
            }
            assertThat(slots).doesNotHaveDuplicates().hasSize(8);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSlotTooFarAwayIsNotTakenAndTheCursorStays() {
        Instant now = clock.instant();
        first.reserve("key-create/contoso-hsm", SECOND, LONG);

        assertThat(second.reserve("key-create/contoso-hsm", SECOND, Duration.ZERO))
                .isEqualTo(new PacingPort.Slot(now.plus(SECOND), false));
        assertThat(second.reserve("key-create/contoso-hsm", SECOND, Duration.ZERO))
                .isEqualTo(new PacingPort.Slot(now.plus(SECOND), false));
    }

    @Test
    void callersThatComeBackLaterFindTheirSlotNotPushedAwayByOthersThatAlsoCameBackLater() {
        // the defect the scale benchmark found: each caller that gave up still advanced the cursor, so callers
        // coming back found their slot ever further away and keys were never created
        Instant now = clock.instant();
        first.reserve("key-create/contoso-hsm", SECOND, LONG);
        for (int waiting = 0; waiting < 5; waiting++) {
            second.reserve("key-create/contoso-hsm", SECOND, Duration.ZERO);
        }
        clock.advance(SECOND);

        assertThat(second.reserve("key-create/contoso-hsm", SECOND, Duration.ZERO))
                .isEqualTo(new PacingPort.Slot(now.plus(SECOND), true));
    }
}
