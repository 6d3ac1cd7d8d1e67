package com.cmkorchestrator.devhost;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The emulated clock of an emulator in another process, as this process sees it: between two looks at the emulator's
 * clock ({@code GET /_emulator/clock}) it runs at the emulator's time scale from the last look, so reading it costs
 * no request. A jump of the emulator's clock (an advance) shows here at the next look. It never goes back: a look that
 * comes back a little behind (the request's own time) keeps the time this clock already told.
 */
final class FollowedClock extends Clock implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FollowedClock.class.getName());

    /** The emulated instant at a reading of {@link #nanos}. */
    private record Anchor(Instant emulated, long nanos) {
    }

    private final Supplier<Instant> emulatorNow;
    private final double rate;
    private final LongSupplier nanos;
    private final ScheduledExecutorService looks;
    private volatile Anchor anchor;

    /**
     * @param emulatorNow asks the emulator for its time
     * @param rate        the emulator's time scale (emulated seconds per real second)
     * @param lookEvery   how often to ask; null never asks again (tests call {@link #look()})
     */
    FollowedClock(Supplier<Instant> emulatorNow, double rate, Duration lookEvery, LongSupplier nanos) {
        this.emulatorNow = emulatorNow;
        this.rate = rate;
        this.nanos = nanos;
        this.anchor = new Anchor(emulatorNow.get(), nanos.getAsLong());
        if (lookEvery == null) {
            this.looks = null;
            return;
        }
        this.looks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "emulator-clock-follower");
            thread.setDaemon(true);
            return thread;
        });
        looks.scheduleWithFixedDelay(this::lookQuietly, lookEvery.toMillis(), lookEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    static FollowedClock following(Supplier<Instant> emulatorNow, double rate, Duration lookEvery) {
        return new FollowedClock(emulatorNow, rate, lookEvery, System::nanoTime);
    }

    /** Asks the emulator for its time now. */
    void look() {
        Instant told = instant();
        Instant seen = emulatorNow.get();
        anchor = new Anchor(seen.isAfter(told) ? seen : told, nanos.getAsLong());
    }

    private void lookQuietly() {
        try {
            look();
        } catch (RuntimeException e) {
            // the emulator went away or is busy: keep running at its rate from the last look
            LOG.log(Level.FINE, "could not read the emulator's clock", e);
        }
    }

    @Override
    public Instant instant() {
        Anchor at = anchor;
        long elapsed = nanos.getAsLong() - at.nanos();
        return at.emulated().plusNanos(rate == 1.0 ? elapsed : (long) (elapsed * rate));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the emulator runs in UTC");
    }

    @Override
    public void close() {
        if (looks != null) {
            looks.shutdownNow();
        }
    }
}
