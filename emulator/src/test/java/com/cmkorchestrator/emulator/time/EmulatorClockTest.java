package com.cmkorchestrator.emulator.time;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** An advance replays the interval: it stops wherever a listener has work, earliest first. */
class EmulatorClockTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** Real time stands still, so every instant is exact. */
    private final EmulatorClock clock = new EmulatorClock(Clock.fixed(START, ZoneOffset.UTC));

    @Test
    void anAdvanceStopsAtEveryInstantAnyListenerNamesInTimeOrder() {
        List<Instant> seen = new CopyOnWriteArrayList<>();
        clock.onAdvance(seen::add, dueAt(days(30), days(10)));
        clock.onAdvance(now -> { }, dueAt(days(20), days(50)));

        Instant end = clock.advance(Duration.ofDays(40));

        assertThat(end).isEqualTo(days(40));
        assertThat(seen).containsExactly(START, days(10), days(20), days(30), days(40));
    }

    @Test
    void aSchedulerJobInsideAnAdvanceRunsAtItsOwnInstant() {
        Scheduler scheduler = new Scheduler(clock);
        List<Instant> ranAt = new CopyOnWriteArrayList<>();
        scheduler.at(days(5), "first", () -> ranAt.add(clock.instant()));
        scheduler.at(days(12), "second", () -> ranAt.add(clock.instant()));

        clock.advance(Duration.ofDays(30));

        assertThat(ranAt).containsExactly(days(5), days(12));
        assertThat(clock.instant()).isEqualTo(days(30));
    }

    @Test
    void workFoundAtAStopCanAddALaterStop() {
        // as an HSM rotation does: the version it creates makes a pickup due a day later
        List<Instant> due = new CopyOnWriteArrayList<>(List.of(days(3)));
        List<Instant> seen = new CopyOnWriteArrayList<>();
        clock.onAdvance(now -> {
            if (due.remove(now)) {
                seen.add(now);
                due.add(now.plus(Duration.ofDays(1)));
            }
        }, now -> due.stream().filter(at -> at.isAfter(now)).min(Instant::compareTo));

        clock.advance(Duration.ofDays(5));

        assertThat(seen).containsExactly(days(3), days(4), days(5));
    }

    private static Instant days(long days) {
        return START.plus(Duration.ofDays(days));
    }

    private static EmulatorClock.NextDue dueAt(Instant... instants) {
        return now -> Stream.of(instants).filter(at -> at.isAfter(now)).min(Instant::compareTo);
    }
}
