package com.cmkorchestrator.app;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.IdentitySpec;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.WorkItem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class BindingServiceTest {

    private final AppTestbed bed = new AppTestbed();
    private final BindingService service = bed.graph.bindings();
    private final Binding storage = AppTestbed.storage("orders-cmk", VersionPolicy.AUTO);

    private int visibleItems() {
        return bed.queue.receive(ReconcileQueue.MAX_RECEIVE, Duration.ofSeconds(1)).size();
    }

    @Test
    void declaringANewBindingStoresGenerationOneAndQueuesOneReconcile() {
        BindingService.Declared declared = service.declare(storage, Optional.empty());

        assertThat(declared.changed()).isTrue();
        assertThat(declared.view().generation()).isEqualTo(1);
        assertThat(declared.view().phase()).isEqualTo("Pending");
        assertThat(bed.queue.receive(ReconcileQueue.MAX_RECEIVE, Duration.ofSeconds(1)))
                .singleElement().satisfies(work -> assertThat(work.item().binding()).isEqualTo("orders-storage"));
    }

    @Test
    void declaringTheSameSpecAgainAfterItConvergedChangesNothingAndQueuesNothing() {
        bed.converge(storage);
        bed.azure.clock.advance(Duration.ofMinutes(1));
        long generation = service.get("orders-storage").generation();

        BindingService.Declared again = service.declare(storage, Optional.empty());

        assertThat(again.changed()).isFalse();
        assertThat(again.view().generation()).isEqualTo(generation);
        assertThat(visibleItems()).isZero();
    }

    @Test
    void changingTheSpecMovesToTheNextGeneration() {
        service.declare(storage, Optional.empty());

        BindingService.Declared changed = service.declare(AppTestbed.storage("orders-cmk", VersionPolicy.PINNED),
                Optional.empty());

        assertThat(changed.changed()).isTrue();
        assertThat(changed.view().generation()).isEqualTo(2);
        assertThat(changed.view().spec().path("versionPolicy").asText()).isEqualTo("pinned");
    }

    @Test
    void aTargetOutsideTheAllowListIsRefusedNamingTheFieldAndNothingIsStored() {
        Binding outside = new Binding("elsewhere", Scenario.HSM, KeySpec.rsa("k", 2048),
                IdentitySpec.create("rg-app", "id-x"), ArmId.parse(
                "/subscriptions/99999999-9999-9999-9999-999999999999/resourceGroups/rg/providers"
                        + "/Microsoft.Storage/storageAccounts/other"), VersionPolicy.AUTO);

        assertThatThrownBy(() -> service.declare(outside, Optional.empty()))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.OUT_OF_SCOPE);
                    assertThat(refusal.field()).hasValue("target");
                });
        assertThat(bed.stores.bindings().list()).isEmpty();
        assertThat(visibleItems()).isZero();
    }

    @Test
    void aStaleIfMatchIsRefusedAndTheStoredSpecStays() {
        String etag = service.declare(storage, Optional.empty()).view().etag();
        service.declare(AppTestbed.storage("orders-cmk", VersionPolicy.PINNED), Optional.empty());

        assertThatThrownBy(() -> service.declare(AppTestbed.storage("other-key", VersionPolicy.AUTO), Optional.of(etag)))
                .isInstanceOfSatisfying(Refusal.class,
                        refusal -> assertThat(refusal.kind()).isEqualTo(Refusal.Kind.PRECONDITION_FAILED));
        assertThat(service.get("orders-storage").spec().path("key").path("name").asText()).isEqualTo("orders-cmk");
    }

    @Test
    void aCurrentIfMatchAppliesTheChange() {
        String etag = service.declare(storage, Optional.empty()).view().etag();

        BindingService.Declared changed = service.declare(AppTestbed.storage("other-key", VersionPolicy.AUTO),
                Optional.of(etag));

        assertThat(changed.view().generation()).isEqualTo(2);
    }

    @Test
    void stoppingManagementForgetsTheBindingAndWritesNothingToAzure() {
        bed.converge(storage);
        bed.azure.log.clear();

        service.stopManaging("orders-storage");

        assertThat(bed.stores.bindings().get("orders-storage")).isEmpty();
        assertThat(bed.azure.log.calls()).isEmpty();
        assertThat(bed.drain()).allSatisfy(line -> assertThat(line).contains("no longer managed"));
        assertThat(bed.azure.log.writes()).isEmpty();
    }

    @Test
    void unknownBindingsAreNotFound() {
        assertThatThrownBy(() -> service.get("nope")).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.kind()).isEqualTo(Refusal.Kind.NOT_FOUND));
        assertThatThrownBy(() -> service.stopManaging("nope")).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.kind()).isEqualTo(Refusal.Kind.NOT_FOUND));
    }

    @Test
    void listShowsEveryBindingWithItsPhase() {
        bed.converge(storage);
        service.declare(AppTestbed.databricks("orders-cmk", VersionPolicy.AUTO), Optional.empty());

        assertThat(service.list()).extracting(BindingView::name, BindingView::phase)
                .containsExactly(tuple("analytics", "Pending"),
                        tuple("orders-storage", "Verified"));
    }

    @Test
    void aWorkItemForTheBindingNamesTheSpecGeneration() {
        service.declare(storage, Optional.empty());
        WorkItem item = bed.queue.receive(1, Duration.ofSeconds(1)).get(0).item();
        assertThat(item.reason()).isEqualTo("spec generation 1");
    }
}
