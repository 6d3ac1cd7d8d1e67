package com.cmkorchestrator.app;

import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.BindingJson;
import com.cmkorchestrator.core.model.HsmRequest;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.ActivationStatus;
import com.cmkorchestrator.core.ports.HsmProvisioningState;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.Reason;
import com.cmkorchestrator.state.ReceivedWork;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.WorkItem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcileWorkerTest {

    private final AppTestbed bed = new AppTestbed();

    private List<ReceivedWork> visible() {
        return bed.queue.receive(ReconcileQueue.MAX_RECEIVE, Duration.ofSeconds(1));
    }

    @Test
    void aPassStoresTheStatusForTheGenerationItRead() {
        bed.graph.bindings().declare(AppTestbed.storage("orders-cmk", VersionPolicy.AUTO), Optional.empty());

        bed.drain();

        var record = bed.stores.bindings().get("orders-storage").orElseThrow();
        assertThat(record.observedGeneration()).isEqualTo(1);
        assertThat(bed.status("orders-storage")).isPresent();
    }

    @Test
    void aPassQueuesItsOneRecheckForWhenTheStatusSaysAndNothingSooner() {
        BindingStatus status = bed.converge(AppTestbed.storage("orders-cmk", VersionPolicy.AUTO));

        assertThat(visible()).isEmpty();
        bed.azure.clock.advance(Duration.between(bed.azure.clock.instant(), status.nextCheckAt()));
        assertThat(visible()).singleElement()
                .satisfies(work -> assertThat(work.item().reason()).isEqualTo(Recheck.reasonFor(status.nextCheckAt())));
    }

    @Test
    void theStoredStatusNamesTheScheduledRecheckThatRanIt() {
        BindingStatus status = bed.converge(AppTestbed.storage("orders-cmk", VersionPolicy.AUTO));
        bed.azure.clock.advance(Duration.between(bed.azure.clock.instant(), status.nextCheckAt()));

        bed.drain();

        assertThat(bed.status("orders-storage").orElseThrow().cause()).isEqualTo(Recheck.reasonFor(status.nextCheckAt()));
    }

    /**
     * Converged, then ten minutes on a pass for an item with no pending marker of its own (as the queue delivers a
     * retried one): that pass asks for a re-check later than the one waiting, whose marker covers it, so it queues none
     * of its own. The clock is then at the first re-check's time.
     *
     * @return the converged status, whose re-check is now due
     */
    private BindingStatus supersededByANewerPass() {
        BindingStatus status = bed.converge(AppTestbed.storage("orders-cmk", VersionPolicy.AUTO));
        bed.azure.clock.advance(Duration.ofMinutes(10));
        bed.queue.enqueue(WorkItem.forBinding("orders-storage", "an event"));
        bed.drain();
        bed.azure.log.clear();
        bed.azure.clock.advance(Duration.between(bed.azure.clock.instant(), status.nextCheckAt()));
        return status;
    }

    @Test
    void aRecheckSupersededByANewerPassIsDroppedWithoutCallingAzure() {
        supersededByANewerPass();

        List<String> done = bed.drain();

        assertThat(done).singleElement().satisfies(line -> assertThat(line).contains("superseded"));
        assertThat(bed.azure.log.calls()).isEmpty();
    }

    @Test
    void theNewerPassesLaterRecheckIsNotLostWhenTheSupersededOneCoveredIt() {
        BindingStatus status = supersededByANewerPass();
        BindingStatus newer = bed.status("orders-storage").orElseThrow();
        assertThat(newer.nextCheckAt()).isAfter(status.nextCheckAt());
        bed.drain();

        bed.azure.clock.advance(Duration.between(bed.azure.clock.instant(), newer.nextCheckAt()));
        List<String> done = bed.drain();

        assertThat(done).as("the newer pass's own re-check still comes").singleElement()
                .satisfies(line -> assertThat(line).contains("binding orders-storage (recheck at " + newer.nextCheckAt()));
        assertThat(bed.azure.log.calls()).isNotEmpty();
    }

    @Test
    void anItemForABindingThatIsGoneEndsQuietly() {
        assertThat(bed.graph.worker().process(WorkItem.forBinding("gone", "test"))).contains("no longer managed");
        assertThat(bed.azure.log.calls()).isEmpty();
    }

    @Test
    void aFailingItemIsRetriedWithItsErrorAndPoisonedAfterTheLastAttempt() {
        bed.stores.bindings().create("broken", "{\"name\": \"broken\", \"unexpected\": true}");
        bed.queue.enqueue(WorkItem.forBinding("broken", "test"));

        for (int attempt = 1; attempt <= 3; attempt++) {
            bed.drain();
            bed.azure.clock.advance(Duration.ofMinutes(30));
        }

        assertThat(bed.queue.peekPoison(5)).singleElement().satisfies(message -> {
            WorkItem poisoned = WorkItem.fromJson(message);
            assertThat(poisoned.binding()).isEqualTo("broken");
            assertThat(poisoned.attempt()).isEqualTo(3);
            assertThat(poisoned.lastError()).contains("stored binding 'broken' cannot be read");
        });
        assertThat(visible()).isEmpty();
    }

    @Test
    void retriesWaitLongerEachTimeUpToAQuarterOfAnHour() {
        assertThat(ReconcileWorker.retryDelay(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(ReconcileWorker.retryDelay(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(ReconcileWorker.retryDelay(40)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void anHsmItemRunsTheProvisioningPassAndStoresItsCondition() {
        ArmId hsm = ArmId.parse(Scenario.HSM.toString().replace("contoso-hsm", "new-hsm"));
        bed.graph.hsms().request(new HsmRequest(hsm, "westeurope", null, "72f988bf-86f1-41af-91ab-2d7cd011db47",
                List.of("11111111-0000-0000-0000-000000000001"), null, false, null));

        bed.drain();

        HsmStatus status = HsmStatus.of(bed.stores.hsmRequests().get("new-hsm").orElseThrow()).orElseThrow();
        assertThat(status.condition().reason()).isEqualTo(Reason.HSM_PROVISIONING_STARTED);
        assertThat(status.nextCheckAt()).isNotNull();
        assertThat(bed.azure.log.writes()).containsExactly("hsm.create");
    }

    @Test
    void anHsmBecomingActiveWakesTheBindingsWaitingOnIt() {
        ArmId hsm = ArmId.parse(Scenario.HSM.toString().replace("contoso-hsm", "new-hsm"));
        bed.graph.hsms().request(new HsmRequest(hsm, "westeurope", null, "72f988bf-86f1-41af-91ab-2d7cd011db47",
                List.of("11111111-0000-0000-0000-000000000001"), null, false, null));
        bed.drain();
        bed.stores.bindings().create("waiting", BindingJson.write(new Binding("waiting",
                hsm, KeySpec.rsa("k", 2048), null, Scenario.WORKSPACE, VersionPolicy.AUTO)));
        bed.azure.hsms.set(hsm, HsmProvisioningState.SUCCEEDED, ActivationStatus.ACTIVE);

        bed.queue.enqueue(WorkItem.forHsm("new-hsm", "ResourceWriteSuccess"));
        List<String> done = bed.drain();

        assertThat(done).anySatisfy(line -> assertThat(line).contains("queued 1 binding(s)"));
        assertThat(done).anySatisfy(line -> assertThat(line).startsWith("binding waiting"));
    }
}
