package com.cmkorchestrator.state;

import com.cmkorchestrator.core.ports.Lease;
import com.cmkorchestrator.core.ports.LeasePort;
import com.cmkorchestrator.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link LeasePort} does; run against Azure Table storage (Azurite) and in memory. Two ports over one
 * store play two instances of the app.
 */
public abstract class LeasesContract {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final String KEY = "key/contoso-hsm/orders-cmk";

    private final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-03-01T09:00:00Z"));
    private final LeasePort first;
    private final LeasePort second;

    /** @param instances given a clock, makes two ports on one fresh store, holding for "first" and "second" */
    protected LeasesContract(BiFunction<MutableClock, List<String>, List<LeasePort>> instances) {
        List<LeasePort> ports = instances.apply(clock, List.of("first", "second"));
        this.first = ports.get(0);
        this.second = ports.get(1);
    }

    @Test
    void aFreeLeaseIsTakenAndNamesItsHolder() {
        Lease lease = first.tryAcquire(KEY, MINUTE).orElseThrow();

        assertThat(lease.holder()).isEqualTo("first");
        assertThat(lease.expiresAt()).isEqualTo(clock.instant().plus(MINUTE));
        assertThat(second.current(KEY)).hasValueSatisfying(current -> assertThat(current.holder()).isEqualTo("first"));
    }

    @Test
    void aHeldLeaseIsRefusedToEveryOtherTaker() {
        first.tryAcquire(KEY, MINUTE).orElseThrow();

        assertThat(second.tryAcquire(KEY, MINUTE)).isEmpty();
        assertThat(first.tryAcquire(KEY, MINUTE)).as("a lease is not re-entrant: two threads of one instance")
                .isEmpty();
    }

    @Test
    void namesCompareWithoutCase() {
        first.tryAcquire(KEY, MINUTE).orElseThrow();

        assertThat(second.tryAcquire(KEY.toUpperCase(), MINUTE)).isEmpty();
    }

    @Test
    void anExpiredLeaseIsTakenOverAndItsFormerHolderCannotRenewOrReleaseIt() {
        Lease old = first.tryAcquire(KEY, MINUTE).orElseThrow();
        clock.advance(MINUTE.plusSeconds(1));

        Lease taken = second.tryAcquire(KEY, MINUTE).orElseThrow();
        first.release(old);

        assertThat(first.renew(old, MINUTE)).isEmpty();
        assertThat(second.current(KEY)).hasValueSatisfying(current -> assertThat(current.holder()).isEqualTo("second"));
        assertThat(second.renew(taken, MINUTE)).isPresent();
    }

    @Test
    void aReleasedLeaseIsFreeAtOnce() {
        Lease lease = first.tryAcquire(KEY, MINUTE).orElseThrow();

        first.release(lease);

        assertThat(second.tryAcquire(KEY, MINUTE)).isPresent();
    }

    @Test
    void aRenewedLeaseLastsLongerAndOnlyItsNewVersionCountsAfterwards() {
        Lease lease = first.tryAcquire(KEY, MINUTE).orElseThrow();
        clock.advance(Duration.ofSeconds(50));

        Lease renewed = first.renew(lease, MINUTE).orElseThrow();
        clock.advance(Duration.ofSeconds(30));

        assertThat(renewed.expiresAt()).isAfter(clock.instant());
        assertThat(second.tryAcquire(KEY, MINUTE)).isEmpty();
        assertThat(first.renew(lease, MINUTE)).as("the version before the renewal is spent").isEmpty();
    }

    @Test
    void ofManyTakersAtOnceExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Optional<Lease>>> takers = IntStream.range(0, 16)
                    .<Callable<Optional<Lease>>>mapToObj(i -> () -> (i % 2 == 0 ? first : second)
                            .tryAcquire("grant/contoso-hsm/keys/orders-cmk/0f5a", MINUTE)).toList();
            long winners = 0;
            for (Future<Optional<Lease>> outcome : pool.invokeAll(takers)) {
                winners += outcome.get().isPresent() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
