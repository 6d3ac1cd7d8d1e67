package com.cmkorchestrator.devhost;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class FollowedClockTest {

    private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");
    private final AtomicReference<Instant> emulator = new AtomicReference<>(START);
    private final AtomicLong nanos = new AtomicLong();
    private final FollowedClock clock = new FollowedClock(emulator::get, 10.0, null, nanos::get);

    private void realTimePasses(Duration real) {
        nanos.addAndGet(real.toNanos());
        emulator.set(emulator.get().plusNanos(real.toNanos() * 10));
    }

    @Test
    void betweenLooksItRunsAtTheEmulatorsTimeScaleWithoutAsking() {
        realTimePasses(Duration.ofSeconds(3));
        emulator.set(Instant.EPOCH); // a look now would see this; none happens

        assertThat(clock.instant()).isEqualTo(START.plusSeconds(30));
    }

    @Test
    void anAdvanceOfTheEmulatorsClockShowsAtTheNextLook() {
        emulator.set(START.plus(Duration.ofDays(90)));

        clock.look();

        assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofDays(90)));
    }

    @Test
    void aLookThatComesBackBehindWhatItToldNeverMovesItBack() {
        realTimePasses(Duration.ofSeconds(1));
        emulator.set(START.plusSeconds(9)); // the request took a moment: the answer is older than the extrapolation

        clock.look();

        assertThat(clock.instant()).isEqualTo(START.plusSeconds(10));
    }
}
