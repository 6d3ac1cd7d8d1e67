package com.cmkorchestrator.core.rotation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FanOutTest {

    @Test
    void neverRunsMoreTasksAtOnceThanItsBound() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch fourStarted = new CountDownLatch(4);

        List<Integer> results = new FanOut(4).run(IntStream.range(0, 40).boxed().toList(), i -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            fourStarted.countDown();
            try {
                // hold the first tasks until four run together, so the bound is actually reached
                fourStarted.await(5, TimeUnit.SECONDS);
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return i * 2;
        });

        assertThat(peak.get()).isEqualTo(4);
        assertThat(results).isEqualTo(IntStream.range(0, 40).map(i -> i * 2).boxed().toList());
    }

    @Test
    void aTaskFailureSurfacesAfterTheOthersRan() {
        AtomicInteger ran = new AtomicInteger();

        assertThatThrownBy(() -> new FanOut(2).run(List.of(1, 2, 3), i -> {
            ran.incrementAndGet();
            if (i == 1) {
                throw new IllegalStateException("boom");
            }
            return i;
        })).hasMessage("boom");
        assertThat(ran.get()).isEqualTo(3);
    }
}
