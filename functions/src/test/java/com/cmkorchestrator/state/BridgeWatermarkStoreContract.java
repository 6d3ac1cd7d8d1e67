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
    void a_key_has_no_watermark_until_one_is_saved() {
        assertThat(store.watermark("contoso", "cmk")).isEmpty();
    }

    @Test
    void a_saved_watermark_reads_back_with_its_versions_in_order() {
        KeyWatermark saved = store.save(KeyWatermark.first("contoso", "cmk", List.of("v2", "v1", "v3"), clock.instant()));

        assertThat(saved.etag()).isNotBlank();
        assertThat(store.watermark("contoso", "cmk")).contains(saved);
        assertThat(saved.seenVersions()).containsExactly("v2", "v1", "v3");
    }

    @Test
    void a_key_first_seen_by_two_instances_is_created_by_one_and_the_other_is_told() {
        store.save(KeyWatermark.first("contoso", "cmk", List.of("v1"), clock.instant()));

        assertThatThrownBy(() -> store.save(KeyWatermark.first("contoso", "cmk", List.of("v1", "v2"), clock.instant())))
                .isInstanceOf(ConcurrentUpdateException.class);
        assertThat(store.watermark("contoso", "cmk").orElseThrow().seenVersions()).containsExactly("v1");
    }

    @Test
    void a_watermark_saved_at_its_etag_moves_on() {
        KeyWatermark first = store.save(KeyWatermark.first("contoso", "cmk", List.of("v1"), clock.instant()));
        clock.advance(Duration.ofMinutes(5));

        KeyWatermark second = store.save(first.seeing(List.of("v2")));

        assertThat(second.seenVersions()).containsExactly("v1", "v2");
        assertThat(second.updatedAt()).isEqualTo(clock.instant());
        assertThat(second.etag()).isNotEqualTo(first.etag());
    }

    @Test
    void a_watermark_saved_with_a_stale_etag_fails_with_a_concurrent_update() {
        KeyWatermark read = store.save(KeyWatermark.first("contoso", "cmk", List.of("v1"), clock.instant()));
        store.save(read.seeing(List.of("v2")));

        assertThatThrownBy(() -> store.save(read.seeing(List.of("v3"))))
                .isInstanceOf(ConcurrentUpdateException.class).hasMessageContaining("contoso/cmk");
        assertThat(store.watermark("contoso", "cmk").orElseThrow().seenVersions()).containsExactly("v1", "v2");
    }

    @Test
    void the_watermarks_of_an_hsm_are_its_keys_only() {
        store.save(KeyWatermark.first("contoso", "b-key", List.of("v1"), clock.instant()));
        store.save(KeyWatermark.first("contoso", "a-key", List.of("v1"), clock.instant()));
        store.save(KeyWatermark.first("fabrikam", "a-key", List.of("v1"), clock.instant()));

        assertThat(store.watermarks("contoso")).extracting(KeyWatermark::key).containsExactly("a-key", "b-key");
    }

    @Test
    void an_unclaimed_event_is_granted_to_the_first_claimant() {
        Optional<EventClaim> claim = store.claim(NEW_VERSION, "instance-1", LEASE);

        assertThat(claim).hasValueSatisfying(granted -> {
            assertThat(granted.owner()).isEqualTo("instance-1");
            assertThat(granted.leaseUntil()).isEqualTo(clock.instant().plus(LEASE));
            assertThat(granted.published()).isFalse();
        });
        assertThat(store.claimOf(NEW_VERSION)).isEqualTo(claim);
    }

    @Test
    void a_live_claim_is_refused_to_another_instance() {
        store.claim(NEW_VERSION, "instance-1", LEASE);
        clock.advance(LEASE.minusSeconds(1));

        assertThat(store.claim(NEW_VERSION, "instance-2", LEASE)).isEmpty();
        assertThat(store.claimOf(NEW_VERSION).orElseThrow().owner()).isEqualTo("instance-1");
    }

    @Test
    void the_holder_of_a_claim_may_claim_it_again() {
        store.claim(NEW_VERSION, "instance-1", LEASE);

        assertThat(store.claim(NEW_VERSION, "instance-1", LEASE)).isPresent();
    }

    @Test
    void an_expired_claim_is_taken_over_and_the_old_holder_can_no_longer_mark_it_published() {
        EventClaim stale = store.claim(NEW_VERSION, "instance-1", LEASE).orElseThrow();
        clock.advance(LEASE);

        Optional<EventClaim> takenOver = store.claim(NEW_VERSION, "instance-2", LEASE);

        assertThat(takenOver).hasValueSatisfying(claim -> assertThat(claim.owner()).isEqualTo("instance-2"));
        assertThatThrownBy(() -> store.markPublished(stale)).isInstanceOf(ConcurrentUpdateException.class);
    }

    @Test
    void a_claim_whose_lease_ran_out_untaken_can_still_be_marked_published() {
        EventClaim claim = store.claim(NEW_VERSION, "instance-1", LEASE).orElseThrow();
        clock.advance(LEASE.multipliedBy(3));

        assertThat(store.markPublished(claim).published()).isTrue();
    }

    @Test
    void a_published_event_is_never_claimed_again() {
        store.markPublished(store.claim(NEW_VERSION, "instance-1", LEASE).orElseThrow());
        clock.advance(Duration.ofDays(30));

        assertThat(store.claim(NEW_VERSION, "instance-2", LEASE)).isEmpty();
        assertThat(store.claim(NEW_VERSION, "instance-1", LEASE)).isEmpty();
        assertThat(store.claimOf(NEW_VERSION).orElseThrow().published()).isTrue();
    }

    @Test
    void each_kind_and_version_of_a_key_is_a_separate_event() {
        store.markPublished(store.claim(NEW_VERSION, "instance-1", LEASE).orElseThrow());

        assertThat(store.claim(new KeyEventId("contoso", "cmk", "0123abcd", KeyEventKind.KEY_NEAR_EXPIRY),
                "instance-2", LEASE)).isPresent();
        assertThat(store.claim(new KeyEventId("contoso", "cmk", "4567ef01", KeyEventKind.KEY_NEW_VERSION_CREATED),
                "instance-2", LEASE)).isPresent();
    }

    @Test
    void of_instances_claiming_the_same_event_at_once_exactly_one_wins() throws Exception {
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
