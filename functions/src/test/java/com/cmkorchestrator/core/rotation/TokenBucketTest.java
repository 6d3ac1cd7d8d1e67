package com.cmkorchestrator.core.rotation;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketTest {

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong slept = new AtomicLong();

    private TokenBucket bucket(int capacity, double perSecond) {
        return new TokenBucket(capacity, perSecond, capacity, nanos::get, d -> {
            slept.addAndGet(d.toNanos());
            nanos.addAndGet(d.toNanos());
        });
    }

    @Test
    void aFullBucketLetsTheBurstThroughWithoutWaiting() throws InterruptedException {
        TokenBucket bucket = bucket(200, 10);

        for (int i = 0; i < 200; i++) {
            bucket.acquire();
        }

        assertThat(slept.get()).isZero();
    }

    @Test
    void beyondTheBurstWritesArePacedAtTheRefillRate() throws InterruptedException {
        TokenBucket bucket = bucket(200, 10);

        for (int i = 0; i < 250; i++) {
            bucket.acquire();
        }

        assertThat(Duration.ofNanos(slept.get())).isBetween(Duration.ofMillis(4990), Duration.ofMillis(5010));
    }

    @Test
    void idleTimeRefillsButNotBeyondTheCapacity() throws InterruptedException {
        TokenBucket bucket = bucket(5, 1);
        for (int i = 0; i < 5; i++) {
            bucket.acquire();
        }
        nanos.addAndGet(Duration.ofHours(1).toNanos());

        for (int i = 0; i < 5; i++) {
            bucket.acquire();
        }
        assertThat(slept.get()).isZero();
        bucket.acquire();
        assertThat(Duration.ofNanos(slept.get())).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void refusesNonsenseSettings() {
        assertThatThrownBy(() -> new TokenBucket(0, 10, 0, System::nanoTime, d -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(10, 0, 10, System::nanoTime, d -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
