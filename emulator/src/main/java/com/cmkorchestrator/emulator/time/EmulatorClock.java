package com.cmkorchestrator.emulator.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The emulator's notion of "now": real time plus everything tests have advanced it by.
 * Everything time-dependent in Azure (long-running operations, role propagation, rotation
 * policies, Storage's daily key check, DES's hourly pickup) runs on this clock, so a test can
 * move a day forward in a millisecond. Listeners are told after each advance, so that scheduled
 * behaviour (auto-rotation, version pickup) happens at once.
 */
public final class EmulatorClock extends Clock {
    private final Clock base;
    private volatile Duration offset = Duration.ZERO;
    private final List<Consumer<Instant>> listeners = new CopyOnWriteArrayList<>();

    public EmulatorClock() {
        this(Clock.systemUTC());
    }

    public EmulatorClock(Clock base) {
        this.base = base;
    }

    @Override
    public Instant instant() { return base.instant().plus(offset); }

    @Override
    public ZoneId getZone() { return ZoneOffset.UTC; }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the emulator runs in UTC");
    }

    /** Moves time forward and runs what became due. Negative durations are refused: Azure's time never goes back. */
    public Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("cannot move the emulator clock backwards: " + by);
        }
        synchronized (this) {
            offset = offset.plus(by);
        }
        Instant now = instant();
        listeners.forEach(listener -> listener.accept(now));
        return now;
    }

    /** Runs due work without moving time, e.g. from a background tick. */
    public void tick() {
        Instant now = instant();
        listeners.forEach(listener -> listener.accept(now));
    }

    public void onAdvance(Consumer<Instant> listener) { listeners.add(listener); }
}
