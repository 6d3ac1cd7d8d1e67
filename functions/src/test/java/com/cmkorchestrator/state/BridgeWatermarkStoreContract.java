package com.cmkorchestrator.state;

import com.cmkorchestrator.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link BridgeWatermarkStore} does; run against Azure Table storage (Azurite) and in memory. */
public abstract class BridgeWatermarkStoreContract extends StoresContract {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final KeyEventId NEW_VERSION =
            new KeyEventId("contoso", "cmk", "0123abcd", KeyEventKind.KEY_NEW_VERSION_CREATED);

    private BridgeWatermarkStore store;

    protected BridgeWatermarkStoreContract(Function<MutableClock, StateStores> freshStores) {
        super(freshStores);
    }

    @BeforeEach
    void useWatermarks() {
        store = stores.watermarks();
    }

    @Test
    void aKeyHasNoWatermarkUntilOneIsSaved() {
        assertThat(store.watermark("contoso", "cmk")).isEmpty();
    }

    @Test
    void aSavedWatermarkReadsBackWithItsVersionsInOrder() {
        KeyWatermark saved = store.save(KeyWatermark.first("contoso", "cmk", List.of("v2", "v1", "v3"), clock.instant()));

        assertThat(saved.etag()).isNotBlank();
        assertThat(store.watermark("contoso", "cmk")).contains(saved);
        assertThat(saved.seenVersions()).containsExactly("v2", "v1", "v3");
    }

    @Test
    void aKeyFirstSeenByTwoInstancesIsCreatedByOneAndTheOtherIsTold() {
        store.save(KeyWatermark.first("contoso", "cmk", List.of("v1"), clock.instant()));

        assertThatThrownBy(() -> store.save(KeyWatermark.first("contoso", "cmk", List.of("v1", "v2"), clock.instant())))
                .isInstanceOf(ConcurrentUpdateException.class);
        assertThat(store.watermark("contoso", "cmk").orElseThrow().seenVersions()).containsExactly("v1");
    }

    @Test
    void aWatermarkSavedAtItsEtagMovesOn() {
        KeyWatermark first = store.save(KeyWatermark.first("contoso", "cmk", List.of("v1"), clock.instant()));
        clock.advance(Duration.ofMinutes(5));

        KeyWatermark second = store.save(first.seeing(List.of("v2")));

        assertThat(second.seenVersions()).containsExactly("v1", "v2");
        assertThat(second.updatedAt()).isEqualTo(clock.instant());
        assertThat(second.etag()).isNotEqualTo(first.etag());
    }

    @Test
    void aWatermarkSavedWithAStaleEtagFailsWithAConcurrentUpdate() {
        KeyWatermark read = store.save(KeyWatermark.first("contoso", "cmk", List.of("v1"), clock.instant()));
        store.save(read.seeing(List.of("v2")));

        assertThatThrownBy(() -> store.save(read.seeing(List.of("v3"))))
                .isInstanceOf(ConcurrentUpdateException.class).hasMessageContaining("contoso/cmk");
        assertThat(store.watermark("contoso", "cmk").orElseThrow().seenVersions()).containsExactly("v1", "v2");
    }

    @Test
    void theWatermarksOfAnHsmAreItsKeysOnly() {
        store.save(KeyWatermark.first("contoso", "b-key", List.of("v1"), clock.instant()));
        store.save(KeyWatermark.first("contoso", "a-key", List.of("v1"), clock.instant()));
        store.save(KeyWatermark.first("fabrikam", "a-key", List.of("v1"), clock.instant()));

        assertThat(store.watermarks("contoso")).extracting(KeyWatermark::key).containsExactly("a-key", "b-key");
    }

    @Test
    void anUnclaimedEventIsGrantedToTheFirstClaimant() {
        Optional<EventClaim> claim = store.claim(NEW_VERSION, "instance-1", LEASE);

        assertThat(claim).hasValueSatisfying(granted -> {
            assertThat(granted.owner()).isEqualTo("instance-1");
            assertThat(granted.leaseUntil()).isEqualTo(clock.instant().plus(LEASE));
            assertThat(granted.published()).isFalse();
        });
        assertThat(store.claimOf(NEW_VERSION)).isEqualTo(claim);
    }

    @Test
    void aLiveClaimIsRefusedToAnotherInstance() {
        store.claim(NEW_VERSION, "instance-1", LEASE);
        clock.advance(LEASE.minusSeconds(1));

        assertThat(store.claim(NEW_VERSION, "instance-2", LEASE)).isEmpty();
        assertThat(store.claimOf(NEW_VERSION).orElseThrow().owner()).isEqualTo("instance-1");
    }

    @Test
    void theHolderOfAClaimMayClaimItAgain() {
        store.claim(NEW_VERSION, "instance-1", LEASE);

        assertThat(store.claim(NEW_VERSION, "instance-1", LEASE)).isPresent();
    }

    @Test
    void anExpiredClaimIsTakenOverAndTheOldHolderCanNoLongerMarkItPublished() {
        EventClaim stale = store.claim(NEW_VERSION, "instance-1", LEASE).orElseThrow();
        clock.advance(LEASE);

        Optional<EventClaim> takenOver = store.claim(NEW_VERSION, "instance-2", LEASE);

        assertThat(takenOver).hasValueSatisfying(claim -> assertThat(claim.owner()).isEqualTo("instance-2"));
        assertThatThrownBy(() -> store.markPublished(stale)).isInstanceOf(ConcurrentUpdateException.class);
    }

    @Test
    void aClaimWhoseLeaseRanOutUntakenCanStillBeMarkedPublished() {
        EventClaim claim = store.claim(NEW_VERSION, "instance-1", LEASE).orElseThrow();
        clock.advance(LEASE.multipliedBy(3));

        assertThat(store.markPublished(claim).published()).isTrue();
    }

    @Test
    void aPublishedEventIsNeverClaimedAgain() {
        store.markPublished(store.claim(NEW_VERSION, "instance-1", LEASE).orElseThrow());
        clock.advance(Duration.ofDays(30));

        assertThat(store.claim(NEW_VERSION, "instance-2", LEASE)).isEmpty();
        assertThat(store.claim(NEW_VERSION, "instance-1", LEASE)).isEmpty();
        assertThat(store.claimOf(NEW_VERSION).orElseThrow().published()).isTrue();
    }

    @Test
    void eachKindAndVersionOfAKeyIsASeparateEvent() {
        store.markPublished(store.claim(NEW_VERSION, "instance-1", LEASE).orElseThrow());

        assertThat(store.claim(new KeyEventId("contoso", "cmk", "0123abcd", KeyEventKind.KEY_NEAR_EXPIRY),
                "instance-2", LEASE)).isPresent();
        assertThat(store.claim(new KeyEventId("contoso", "cmk", "4567ef01", KeyEventKind.KEY_NEW_VERSION_CREATED),
                "instance-2", LEASE)).isPresent();
    }

    @Test
    void ofInstancesClaimingTheSameEventAtOnceExactlyOneWins() throws Exception {
        int instances = 4;
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Optional<EventClaim>>> attempts = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                String owner = "instance-" + i;
                Callable<Optional<EventClaim>> attempt = () -> {
                    start.await();
                    return store.claim(NEW_VERSION, owner, LEASE);
                };
                attempts.add(pool.submit(attempt));
            }
            start.countDown();
            List<EventClaim> granted = new ArrayList<>();
            for (Future<Optional<EventClaim>> attempt : attempts) {
                attempt.get().ifPresent(granted::add);
            }

            assertThat(granted).hasSize(1);
            assertThat(store.claimOf(NEW_VERSION).orElseThrow().owner()).isEqualTo(granted.get(0).owner());
        } finally {
            pool.shutdownNow();
        }
    }
}
