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
 * The emulator's notion of "now": real time (optionally sped up by a time scale) plus everything
 * tests have advanced it by. Everything time-dependent in Azure (long-running operations, role
 * propagation, rotation policies, Storage's daily key check, DES's hourly pickup, ARM's token
 * buckets, Event Grid's retry schedule) runs on this clock, so a test can move a day forward in a
 * millisecond. Listeners are told after each advance, so that scheduled behaviour happens at once.
 */
public final class EmulatorClock extends Clock {
    private final Clock base;
    private final double rate;
    private final Instant realStart;
    private volatile Duration offset = Duration.ZERO;
    private final List<Consumer<Instant>> listeners = new CopyOnWriteArrayList<>();

    public EmulatorClock() {
        this(Clock.systemUTC());
    }

    public EmulatorClock(Clock base) {
        this(base, 1.0);
    }

    /**
     * @param rate emulated seconds per real second (the time scale); 1 is real time, 20 lets a
     *             test see 20 s of ARM token-bucket refill per real second
     */
    public EmulatorClock(Clock base, double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("the time scale must be a positive number, got " + rate);
        }
        this.base = base;
        this.rate = rate;
        this.realStart = base.instant();
    }

    @Override
    public Instant instant() {
        Instant real = base.instant();
        if (rate == 1.0) {
            return real.plus(offset);
        }
        long elapsedNanos = Duration.between(realStart, real).toNanos();
        return realStart.plusNanos((long) (elapsedNanos * rate)).plus(offset);
    }

    @Override
    public ZoneId getZone() { return ZoneOffset.UTC; }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the emulator runs in UTC");
    }

    /** Emulated seconds per real second. */
    public double rate() { return rate; }

    /** How long a client really waits for {@code emulated} to pass on this clock. */
    public Duration realTimeFor(Duration emulated) {
        return rate == 1.0 ? emulated : Duration.ofNanos((long) Math.ceil(emulated.toNanos() / rate));
    }

    /**
     * Moves time forward and runs what became due. Listeners run once before the move (so that
     * whatever they observe is stamped with the time it really happened) and once after.
     * Negative durations are refused: Azure's time never goes back.
     */
    public Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("cannot move the emulator clock backwards: " + by);
        }
        tick();
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
