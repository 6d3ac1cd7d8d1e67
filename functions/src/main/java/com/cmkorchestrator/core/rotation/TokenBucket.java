package com.cmkorchestrator.core.rotation;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Paces writes like ARM's own token bucket (azure-facts 8: 200 writes of burst, refilled at 10 per second per
 * subscription and principal), so a fan-out never outruns it and provokes a storm of 429s. Written by hand: the
 * logic is a dozen lines, and no library in this build provides a blocking, clock-injectable bucket.
 */
public final class TokenBucket {

    /** How the bucket waits; tests pass one that advances a fake clock instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final double capacity;
    private final double tokensPerNano;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private double tokens;
    private long last;

    /**
     * @param capacity        the burst
     * @param refillPerSecond tokens added each second
     * @param initial         tokens at start (less than capacity when other writers share ARM's bucket)
     */
    public TokenBucket(int capacity, double refillPerSecond, int initial, LongSupplier nanoTime, Sleeper sleeper) {
        if (capacity < 1 || refillPerSecond <= 0 || initial < 0 || initial > capacity) {
            throw new IllegalArgumentException("capacity >= 1, refill > 0 and 0 <= initial <= capacity are required");
        }
        this.capacity = capacity;
        this.tokensPerNano = refillPerSecond / 1e9;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.tokens = initial;
        this.last = nanoTime.getAsLong();
    }

    /**
     * Just under ARM's subscription write bucket (200 burst, 10 per second): 190 and 9.5, for the same reason as
     * {@link #armReads()}. At exactly ARM's numbers, 600 writes in a row drew a 429 from the emulator's bucket.
     */
    public static TokenBucket armWrites() {
        return new TokenBucket(190, 9.5, 190, System::nanoTime, d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000));
    }

    /**
     * Just under ARM's subscription read bucket (250 burst, 25 per second): 240 and 24. Reads are many and small, and
     * the first ones arrive at ARM a connection set-up later than this bucket counted them; at exactly ARM's numbers
     * that lag alone makes the occasional 429.
     */
    public static TokenBucket armReads() {
        return new TokenBucket(240, 24, 240, System::nanoTime, d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000));
    }

    /** A bucket that never makes anyone wait. */
    public static TokenBucket unlimited() {
        return new TokenBucket(Integer.MAX_VALUE, 1e12, Integer.MAX_VALUE, System::nanoTime, d -> { });
    }

    /** Takes one token, waiting for the refill when the bucket is empty. */
    public void acquire() throws InterruptedException {
        while (true) {
            Duration wait;
            synchronized (this) {
                refill();
                if (tokens >= 1) {
                    tokens -= 1;
                    return;
                }
                wait = Duration.ofNanos((long) Math.ceil((1 - tokens) / tokensPerNano));
            }
            sleeper.sleep(wait);
        }
    }

    /** Takes one token, turning an interrupt into an unchecked error for callers that cannot throw it. */
    public void acquireUninterruptibly() {
        try {
            acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the write budget", e);
        }
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * tokensPerNano);
        last = now;
    }
}
