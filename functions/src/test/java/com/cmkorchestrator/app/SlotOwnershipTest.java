package com.cmkorchestrator.app;

import com.cmkorchestrator.core.fakes.FakeAzure;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.IdentitySpec;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.ResourceSlot;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionStatus;
import com.cmkorchestrator.core.status.Reason;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.WorkItem;
import com.cmkorchestrator.wiring.AppGraph;
import org.junit.jupiter.api.Test;

import com.cmkorchestrator.state.SpecStore;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One owner per (resource, key slot): issue 12, finding 1. */
class SlotOwnershipTest {

    private final AppTestbed bed = new AppTestbed();
    private final Binding orders = AppTestbed.storage("orders-cmk", VersionPolicy.AUTO);
    private final Binding rival = new Binding("rival-storage", Scenario.HSM, KeySpec.rsa("rival-cmk", 2048),
            IdentitySpec.create("rg-app", "rival-id"), Scenario.STORAGE, VersionPolicy.AUTO);

    private int visibleItems() {
        return bed.queue.receive(ReconcileQueue.MAX_RECEIVE, Duration.ofSeconds(1)).size();
    }

    /** Writes a spec straight into the store and queues its pass, as a version of the app without slot ownership did. */
    private void storedBeforeTheRule(Binding binding) {
        bed.stores.bindings().apply(binding.name(), AppTestbed.json(binding));
        bed.queue.enqueue(WorkItem.forBinding(binding.name(), "spec generation 1"));
    }

    private Condition firstCondition(String name) {
        return bed.status(name).orElseThrow().conditions().get(0);
    }

    @Test
    void aDeclarationNamingASlotAnotherBindingOwnsIsRefusedNamingTheOwnerAndHowToMoveIt() {
        bed.converge(orders);
        bed.azure.log.clear();

        assertThatThrownBy(() -> bed.graph.bindings().declare(rival, Optional.empty()))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.SLOT_TAKEN);
                    assertThat(refusal.field()).hasValue("target");
                    assertThat(refusal.getMessage()).contains("owned by binding 'orders-storage'")
                            .contains("delete binding 'orders-storage' first")
                            .contains("DELETE /api/bindings/orders-storage");
                });
        assertThat(bed.stores.bindings().get("rival-storage")).isEmpty();
        assertThat(visibleItems()).isZero();
        assertThat(bed.azure.log.calls()).isEmpty();
    }

    @Test
    void declaringTheSameBindingAgainKeepsItsSlots() {
        bed.converge(orders);

        BindingService.Declared again = bed.graph.bindings().declare(orders.withOnDrift(null), Optional.empty());

        assertThat(again.changed()).isFalse();
        assertThat(bed.stores.slots().owner(new ResourceSlot(Scenario.STORAGE, KeySlot.STORAGE_ENCRYPTION)))
                .hasValueSatisfying(claim -> assertThat(claim.binding()).isEqualTo("orders-storage"));
    }

    @Test
    void bindingsThatAlreadyConflictInStoredStateAreBothFailedConflictWithAFindingAndNeitherWrites() {
        storedBeforeTheRule(orders);
        storedBeforeTheRule(rival);

        bed.drain();

        for (String name : List.of("orders-storage", "rival-storage")) {
            Condition first = firstCondition(name);
            assertThat(first.status()).isEqualTo(ConditionStatus.FALSE);
            assertThat(first.reason()).isEqualTo(Reason.CONFLICT);
            assertThat(bed.graph.bindings().get(name).phase()).isEqualTo("Failed");
            assertThat(bed.stores.findings().findingsFor(name)).singleElement()
                    .satisfies(finding -> assertThat(finding.message()).contains("Conflict"));
        }
        assertThat(firstCondition("orders-storage").message()).contains("'rival-storage'");
        assertThat(firstCondition("rival-storage").message()).contains("'orders-storage'");
        assertThat(bed.azure.log.writes()).as("not even once").isEmpty();
    }

    @Test
    void deletingOneOfTwoConflictingBindingsFreesTheSlotAndTheOtherGoesOnAtOnce() {
        storedBeforeTheRule(orders);
        storedBeforeTheRule(rival);
        bed.drain();

        bed.graph.bindings().stopManaging("rival-storage");
        BindingStatus status = bed.awaitVerified("orders-storage");

        assertThat(status.isReady()).isTrue();
        assertThat(bed.stores.slots().owner(new ResourceSlot(Scenario.STORAGE, KeySlot.STORAGE_ENCRYPTION)))
                .hasValueSatisfying(claim -> assertThat(claim.binding()).isEqualTo("orders-storage"));
    }

    @Test
    void deletingTheOwnerLetsAnotherBindingDeclareTheSlot() {
        bed.converge(orders);

        bed.graph.bindings().stopManaging("orders-storage");
        BindingService.Declared declared = bed.graph.bindings().declare(rival, Optional.empty());

        assertThat(declared.changed()).isTrue();
        assertThat(bed.awaitVerified("rival-storage").isReady()).isTrue();
    }

    @Test
    void aBindingMovedToAnotherTargetFreesTheSlotItLeft() {
        bed.graph.bindings().declare(orders, Optional.empty());
        Binding moved = new Binding(orders.name(), orders.hsm(), orders.key(), orders.identity(),
                Scenario.DES, VersionPolicy.AUTO);

        bed.graph.bindings().declare(moved, Optional.empty());

        assertThat(bed.graph.bindings().declare(rival, Optional.empty()).changed()).isTrue();
    }

    /**
     * Declaring into a large fleet: each declaration read every stored binding to find one stored before claims
     * existed (at 6,668 bindings, declaring 10,000 took over an hour). Now the store is read once per process, and a
     * binding stored before the rule is still found.
     */
    @Test
    void declaringManyBindingsReadsEveryStoredBindingOnceAndStillFindsOneStoredBeforeTheRule() {
        storedBeforeTheRule(rival);
        AtomicInteger lists = new AtomicInteger();
        SpecStore counted = ListCountingSpecStore.counting(bed.stores.bindings(), lists);
        SlotOwnership ownership = new SlotOwnership(bed.stores.slots(), counted, bed.azure.clock);

        for (int i = 0; i < 50; i++) {
            Binding binding = new Binding("fleet-" + i, Scenario.HSM, KeySpec.rsa("fleet-cmk", 2048),
                    IdentitySpec.create("rg-app", "fleet-id"), FakeAzure.id("rg-data", "Microsoft.Storage/storageAccounts/stfleet" + i),
                    VersionPolicy.AUTO);
            ownership.claim(binding);
            bed.stores.bindings().apply(binding.name(), AppTestbed.json(binding));
        }

        assertThat(lists).as("reads of every stored binding").hasValue(1);
        assertThatThrownBy(() -> ownership.claim(orders)).as("the slot the binding stored before the rule declares")
                .isInstanceOfSatisfying(Refusal.class, refusal -> assertThat(refusal.getMessage())
                        .contains("owned by binding 'rival-storage'"));
    }

    @Test
    void twoInstancesRacingToDeclareOneSlotNeverBothWin() throws Exception {
        AppGraph second = bed.instance();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                Binding a = named(orders, "a-" + round);
                Binding b = named(rival, "b-" + round);
                List<Future<Boolean>> outcomes = pool.invokeAll(List.<Callable<Boolean>>of(
                        () -> declared(bed.graph, a), () -> declared(second, b)));

                assertThat(outcomes.stream().filter(SlotOwnershipTest::get).count()).as("round " + round).isEqualTo(1);
                String winner = get(outcomes.get(0)) ? a.name() : b.name();
                bed.graph.bindings().stopManaging(winner);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Binding named(Binding binding, String name) {
        return new Binding(name, binding.hsm(), binding.key(), binding.identity(), binding.target(),
                binding.versionPolicy());
    }

    private static boolean declared(AppGraph instance, Binding binding) {
        try {
            instance.bindings().declare(binding, Optional.empty());
            return true;
        } catch (Refusal refusal) {
            assertThat(refusal.kind()).isEqualTo(Refusal.Kind.SLOT_TAKEN);
            return false;
        }
    }

    private static boolean get(Future<Boolean> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
