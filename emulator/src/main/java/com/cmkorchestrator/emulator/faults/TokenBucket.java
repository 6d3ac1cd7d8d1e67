package com.cmkorchestrator.emulator.faults;

import java.time.Clock;
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
    private final Clock clock;
    private double tokens;
    private Instant refilledAt;

    public TokenBucket(double capacity, double refillPerSecond, Clock clock) {
        if (capacity < 1 || refillPerSecond <= 0) {
            throw new IllegalArgumentException("a bucket needs capacity >= 1 and a positive refill rate");
        }
        this.capacity = capacity;
        this.refillPerSecond = refillPerSecond;
        this.clock = clock;
        this.tokens = capacity;
        this.refilledAt = clock.instant();
    }

    /** Tokens now (after refilling up to this instant). */
    public synchronized double tokens() {
        refill();
        return tokens;
    }

    /** Takes one token; callers check {@link #tokens()} first when two buckets must agree. */
    public synchronized void take() {
        refill();
        tokens -= 1;
    }

    /** How long until one token is there (zero if it already is). */
    public synchronized Duration untilAvailable() {
        refill();
        if (tokens >= 1) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil((1 - tokens) / refillPerSecond * 1_000_000_000L));
    }

    private void refill() {
        Instant now = clock.instant();
        if (now.isAfter(refilledAt)) {
            double seconds = Duration.between(refilledAt, now).toNanos() / 1e9;
            tokens = Math.min(capacity, tokens + seconds * refillPerSecond);
            refilledAt = now;
        }
    }
}
