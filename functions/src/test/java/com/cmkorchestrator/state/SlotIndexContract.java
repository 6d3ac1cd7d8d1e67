package com.cmkorchestrator.state;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.model.ResourceSlot;
import com.cmkorchestrator.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link SlotIndex} does; run against Azure Table storage (Azurite) and in memory. Several threads on one
 * index play the app's instances.
 */
public abstract class SlotIndexContract extends StoresContract {

    private static final ArmId ACCOUNT = ArmId.parse("/subscriptions/11111111-2222-3333-4444-555555555555"
            + "/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/ordersdata");
    private static final ResourceSlot ENCRYPTION = new ResourceSlot(ACCOUNT, KeySlot.STORAGE_ENCRYPTION);
    private static final ArmId WORKSPACE = ArmId.parse("/subscriptions/11111111-2222-3333-4444-555555555555"
            + "/resourceGroups/rg-dbx/providers/Microsoft.Databricks/workspaces/analytics");

    private SlotIndex index;

    protected SlotIndexContract(Function<MutableClock, StateStores> freshStores) {
        super(freshStores);
    }

    @BeforeEach
    void useSlots() {
        index = stores.slots();
    }

    @Test
    void aFreeSlotGoesToItsFirstClaimantWithTheClaimTime() {
        SlotClaim claim = index.claim(ENCRYPTION, "orders-storage");

        assertThat(claim.binding()).isEqualTo("orders-storage");
        assertThat(claim.claimedAt()).isEqualTo(START);
        assertThat(index.owner(ENCRYPTION)).hasValueSatisfying(owner -> {
            assertThat(owner.binding()).isEqualTo("orders-storage");
            assertThat(owner.slot()).isEqualTo(ENCRYPTION);
        });
    }

    @Test
    void aClaimedSlotStaysWithItsOwnerAndTheSecondClaimantReadsTheOwner() {
        index.claim(ENCRYPTION, "orders-storage");

        SlotClaim second = index.claim(ENCRYPTION, "other-binding");

        assertThat(second.binding()).isEqualTo("orders-storage");
        assertThat(index.owner(ENCRYPTION).orElseThrow().binding()).isEqualTo("orders-storage");
    }

    @Test
    void slotsCompareTheResourceIdWithoutCase() {
        index.claim(ENCRYPTION, "orders-storage");

        ResourceSlot shouted = new ResourceSlot(ArmId.parse(ACCOUNT.toString().toUpperCase().replace("SUBSCRIPTIONS",
                "subscriptions")), KeySlot.STORAGE_ENCRYPTION);

        assertThat(index.claim(shouted, "other-binding").binding()).isEqualTo("orders-storage");
    }

    @Test
    void theTwoSlotsOfAWorkspaceAreOwnedApart() {
        index.claim(new ResourceSlot(WORKSPACE, KeySlot.DATABRICKS_MANAGED_SERVICES), "analytics");

        assertThat(index.owner(new ResourceSlot(WORKSPACE, KeySlot.DATABRICKS_MANAGED_DISK))).isEmpty();
        assertThat(index.all()).singleElement().satisfies(claim ->
                assertThat(claim.slot().slot()).isEqualTo(KeySlot.DATABRICKS_MANAGED_SERVICES));
    }

    @Test
    void ofManyInstancesClaimingOneSlotAtOnceExactlyOneWinsAndAllReadTheWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<SlotClaim>> claimants = IntStream.range(0, 8).<Callable<SlotClaim>>mapToObj(
                    i -> () -> index.claim(ENCRYPTION, "binding-" + i)).toList();
            List<String> winners = pool.invokeAll(claimants).stream().map(SlotIndexContract::get)
                    .map(SlotClaim::binding).distinct().toList();

            assertThat(winners).hasSize(1);
            assertThat(index.owner(ENCRYPTION).orElseThrow().binding()).isEqualTo(winners.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyTheOwnerReleasesASlot() {
        index.claim(ENCRYPTION, "orders-storage");

        index.release(ENCRYPTION, "other-binding");
        assertThat(index.owner(ENCRYPTION)).isPresent();

        index.release(ENCRYPTION, "orders-storage");
        assertThat(index.owner(ENCRYPTION)).isEmpty();
        assertThat(index.claim(ENCRYPTION, "other-binding").binding()).isEqualTo("other-binding");
    }

    @Test
    void aStaleClaimIsTakenOverOnlyWhileItIsAsRead() {
        SlotClaim stale = index.claim(ENCRYPTION, "gone-binding");
        clock.advance(java.time.Duration.ofMinutes(10));

        SlotClaim taken = index.takeOver(stale, "new-binding");
        SlotClaim late = index.takeOver(stale, "third-binding");

        assertThat(taken.binding()).isEqualTo("new-binding");
        assertThat(taken.claimedAt()).isEqualTo(START.plus(java.time.Duration.ofMinutes(10)));
        assertThat(late.binding()).as("the claim changed since it was read").isEqualTo("new-binding");
        assertThat(index.owner(ENCRYPTION).orElseThrow().binding()).isEqualTo("new-binding");
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
