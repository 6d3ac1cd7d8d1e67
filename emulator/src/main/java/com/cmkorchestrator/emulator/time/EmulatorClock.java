package com.cmkorchestrator.emulator.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The emulator's notion of "now": real time (optionally sped up by a time scale) plus everything
 * tests have advanced it by. Everything time-dependent in Azure (long-running operations, role
 * propagation, rotation policies, Storage's daily key check, DES's hourly pickup, ARM's token
 * buckets, Event Grid's retry schedule) runs on this clock, so a test can move a day forward in a
 * millisecond. Listeners are told after each advance, so that scheduled behaviour happens at once.
 *
 * <p>An advance replays the interval in order rather than jumping to its end: listeners that know
 * when they next have work ({@link NextDue}) make the clock stop at each of those instants on the
 * way, earliest first, and every listener runs there. Without that, work of different kinds that
 * falls inside one advance would all run at its end, and a later kind could overtake an earlier
 * one: a Storage account due to pick up key version N at day 91 would see the rotation to N+1 of
 * day 180 first and jump straight from N-1 to N+1, never having used N.
 */
public final class EmulatorClock extends Clock {
    /** When a listener next has something to do, so that an advance stops there. */
    @FunctionalInterface
    public interface NextDue {
        /**
         * The earliest instant strictly after {@code now} at which the listener has work, if it knows
         * of one. Must not change anything; work already due at {@code now} does not count (it runs
         * at the next stop anyway).
         */
        Optional<Instant> after(Instant now);
    }

    private final Clock base;
    private final double rate;
    private final Instant realStart;
    private volatile Duration offset = Duration.ZERO;
    private final List<Consumer<Instant>> listeners = new CopyOnWriteArrayList<>();
    private final List<NextDue> dues = new CopyOnWriteArrayList<>();
    /**
     * Held while listeners run (an advance with its stops, or a tick), so that time-driven work runs
     * on one thread at a time and in time order, whoever moves the clock.
     */
    private final Object running = new Object();

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
     * Moves time forward and runs what became due, in time order. Listeners run once before the move
     * (so that whatever they observe is stamped with the time it really happened), then at every
     * instant inside the interval that a {@link NextDue} names (the clock stands there while they
     * run), then at the end. Negative durations are refused: Azure's time never goes back.
     */
    public Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("cannot move the emulator clock backwards: " + by);
        }
        synchronized (running) {
            notifyListeners(instant());
            Duration start = offset;
            Instant limit = instant().plus(by);
            for (Optional<Instant> stop = nextDue(instant()); stop.isPresent() && !stop.get().isAfter(limit);
                 stop = nextDue(instant())) {
                moveTo(stop.get());
                notifyListeners(stop.get());
            }
            // the end is "by" after the start plus the real time that passed meanwhile, as without stops;
            // every stop lay before it, so this never moves the clock back
            synchronized (this) {
                offset = start.plus(by);
            }
            Instant now = instant();
            notifyListeners(now);
            return now;
        }
    }

    /** Runs due work without moving time, e.g. from a background tick. */
    public void tick() {
        synchronized (running) {
            notifyListeners(instant());
        }
    }

    /** {@code listener} runs after every advance (and at each of its stops) and tick; it must be idempotent. */
    public void onAdvance(Consumer<Instant> listener) { listeners.add(listener); }

    /** As {@link #onAdvance(Consumer)}, and advances stop at the instants {@code nextDue} names. */
    public void onAdvance(Consumer<Instant> listener, NextDue nextDue) {
        dues.add(nextDue);
        listeners.add(listener);
    }

    private void notifyListeners(Instant now) {
        listeners.forEach(listener -> listener.accept(now));
    }

    /** The earliest instant after {@code now} at which any listener has work. */
    private Optional<Instant> nextDue(Instant now) {
        return dues.stream().map(due -> due.after(now)).flatMap(Optional::stream)
                .filter(at -> at.isAfter(now)).min(Instant::compareTo);
    }

    /** Sets the offset so that it is {@code at} now (real time keeps running from there). */
    private synchronized void moveTo(Instant at) {
        Duration gap = Duration.between(instant(), at);
        if (!gap.isNegative() && !gap.isZero()) {
            offset = offset.plus(gap);
        }
    }
}
