package com.cmkorchestrator.emulator.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket, the algorithm ARM throttles with: it holds up to {@code capacity} tokens, gains
 * {@code refillPerSecond} per second of (emulated) time, and each request takes one. Written by hand
 * because it is a dozen lines and must run on the emulator's clock, not the wall clock.
 */
public final class TokenBucket {
    private final double capacity;
    private final double refillPerSecond;
    private double tokens;
    private Instant refilledAt;

    public TokenBucket(double capacity, double refillPerSecond, Instant start) {
        if (capacity < 1 || refillPerSecond <= 0) {
            throw new IllegalArgumentException("a bucket needs capacity >= 1 and a positive refill rate");
        }
        this.capacity = capacity;
        this.refillPerSecond = refillPerSecond;
        this.tokens = capacity;
        this.refilledAt = start;
    }

    /** Tokens at {@code now} (after refilling up to it). Callers pass one instant to buckets that must agree. */
    public synchronized double tokens(Instant now) {
        refill(now);
        return tokens;
    }

    /** Takes one token; callers check {@link #tokens(Instant)} first when two buckets must agree. */
    public synchronized void take(Instant now) {
        refill(now);
        tokens -= 1;
    }

    /** How long after {@code now} one token is there (zero if it already is). */
    public synchronized Duration untilAvailable(Instant now) {
        refill(now);
        if (tokens >= 1) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil((1 - tokens) / refillPerSecond * 1_000_000_000L));
    }

    private void refill(Instant now) {
        if (now.isAfter(refilledAt)) {
            double seconds = Duration.between(refilledAt, now).toNanos() / 1e9;
            tokens = Math.min(capacity, tokens + seconds * refillPerSecond);
            refilledAt = now;
        }
    }
}
