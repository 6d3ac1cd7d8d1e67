package com.cmkorchestrator.devhost;

import com.cmkorchestrator.state.memory.InMemoryLeases;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hosts sharing an emulator seed it one at a time, under a lease in their shared state. */
class SharedSeedingTest {

    private final InMemoryLeases first = new InMemoryLeases("host-1", Clock.systemUTC());
    private final InMemoryLeases second = first.asHolder("host-2");
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void aHostThatFindsAnotherSeedingWaitsUntilItIsDoneThenLooksForItself() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch seeding = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<String> seeder = CompletableFuture.supplyAsync(() -> SharedSeeding.once(first, 1.0, () -> {
            seeding.countDown();
            await(finish);
            order.add("host-1 seeded");
            return "seeded";
        }, out));
        seeding.await(5, TimeUnit.SECONDS);
        CompletableFuture<String> finder = CompletableFuture.supplyAsync(() -> SharedSeeding.once(second, 1.0, () -> {
            order.add("host-2 looked");
            return "found";
        }, out));

        Thread.sleep(300);
        finish.countDown();

        assertThat(seeder.get(10, TimeUnit.SECONDS)).isEqualTo("seeded");
        assertThat(finder.get(10, TimeUnit.SECONDS)).isEqualTo("found");
        assertThat(order).containsExactly("host-1 seeded", "host-2 looked");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("waiting for host-1 to finish seeding");
    }

    @Test
    void theLeaseIsGivenBackWhenSeedingFails() {
        assertThatThrownBy(() -> SharedSeeding.once(first, 1.0, () -> {
            throw new IllegalStateException("the emulator went away");
        }, out)).hasMessage("the emulator went away");

        assertThat(second.tryAcquire(SharedSeeding.LEASE, Duration.ofMinutes(1))).isPresent();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
