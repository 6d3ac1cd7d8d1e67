package com.cmkorchestrator.core.fakes;

import com.cmkorchestrator.testsupport.MutableClock;
import com.cmkorchestrator.core.errors.AzureCallException;

import java.time.Duration;
import java.time.Instant;

/**
 * ARM's subscription write bucket as the fake enforces it (azure-facts 8): 200 writes of burst, 10 per second,
 * 429 with Retry-After beyond. Off until a test turns it on.
 */
public final class ArmThrottle {

    private final MutableClock clock;
    private boolean on;
    private double tokens = 200;
    private Instant last;
    private int rejected;

    ArmThrottle(MutableClock clock) {
        this.clock = clock;
        this.last = clock.instant();
    }

    public void enable() {
        on = true;
        tokens = 200;
        last = clock.instant();
    }

    public int rejected() {
        return rejected;
    }

    synchronized void take(String operation) {
        if (!on) {
            return;
        }
        Instant now = clock.instant();
        tokens = Math.min(200, tokens + Duration.between(last, now).toNanos() / 1e8);
        last = now;
        if (tokens < 1) {
            rejected++;
            throw new AzureCallException(operation, 429, "TooManyRequests", "subscription write limit reached",
                    Duration.ofSeconds(1), null);
        }
        tokens -= 1;
    }
}
