package com.cmkorchestrator.triggers;

import com.cmkorchestrator.wiring.AppGraph;
import com.cmkorchestrator.app.AppTestbed;
import com.cmkorchestrator.app.HsmStatus;
import com.cmkorchestrator.app.StoredBinding;
import com.cmkorchestrator.config.AppSettings;
import com.cmkorchestrator.core.TrackedBinding;
import com.cmkorchestrator.core.fakes.FakeAzure;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.HsmRequest;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.core.safety.OutOfScopeException;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.Reason;
import com.cmkorchestrator.app.events.GridEvent;
import com.cmkorchestrator.state.ConcurrentUpdateException;
import com.cmkorchestrator.state.KeyEventKind;
import com.cmkorchestrator.state.ReconcileQueue;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The allow-list was narrowed after bindings and an HSM request were stored (the HSM's resource group taken out):
 * every path that could write - queue, health sweep, key events, rotation on request, HSM provisioning, retirement -
 * writes nothing and says why.
 */
class NarrowedAllowListTest {

    private static final String SUB = "/subscriptions/" + FakeAzure.SUBSCRIPTION;
    private final AppTestbed bed = new AppTestbed();
    private AppGraph narrowed;

    @BeforeEach
    void storeThenNarrow() {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.converge(AppTestbed.storage("shared", VersionPolicy.AUTO));
        bed.graph.hsms().request(new HsmRequest(ArmId.parse(Scenario.HSM.toString().replace("contoso-hsm", "new-hsm")),
                "westeurope", null, "72f988bf-86f1-41af-91ab-2d7cd011db47",
                List.of("11111111-0000-0000-0000-000000000001"), null, false, null));
        narrowed = AppGraph.builder(AppSettings.from(Map.of(
                        AppSettings.CMK_SCOPE_ALLOW_LIST, SUB + "/resourceGroups/rg-data," + SUB + "/resourceGroups/rg-app",
                        AppSettings.CMK_DATABRICKS_APP_OBJECT_ID, FakeAzure.DATABRICKS_APP,
                        AppSettings.CMK_HSM_PROVISIONING_ENABLED, "true", AppSettings.CMK_API_AUTH, "none")),
                        bed.azure.ports())
                .state(bed.stores, bed.queue).publisher(event -> { }).clock(bed.azure.clock)
                .build();
        bed.azure.clock.advance(Duration.ofHours(2));
        bed.azure.log.clear();
    }


    @Test
    void theQueueAndTheHealthSweepReportOutOfScopeAndWriteNothing() {
        drainNarrowed();
        narrowed.healthSweep().run();

        for (String name : List.of("vm-disks", "orders-storage")) {
            BindingStatus status = bed.status(name).orElseThrow();
            assertThat(status.firstUnmet()).hasValueSatisfying(c -> {
                assertThat(c.reason()).isEqualTo(Reason.OUT_OF_SCOPE);
                assertThat(c.message()).contains("contoso-hsm").contains("outside the scope allow-list");
            });
        }
        HsmStatus hsm = HsmStatus.of(bed.stores.hsmRequests().get("new-hsm").orElseThrow()).orElseThrow();
        assertThat(hsm.condition().reason()).isEqualTo(Reason.OUT_OF_SCOPE);
        assertThat(hsm.writes()).isEmpty();
        assertThat(bed.azure.log.writes()).isEmpty();
    }

    @Test
    void keyEventsEndTheirLookAtTheKeySayingWhyAndQueueNoWrite() {
        KeyVersion version = bed.azure.keyVault.rotateByPolicy(bed.scenario.hsmUri, "shared");
        bed.azure.log.clear();

        for (KeyEventKind kind : KeyEventKind.values()) {
            narrowed.keyEvents().handle(new GridEvent.KeyEvent("e-" + kind, kind, "contoso-hsm", "shared",
                    version.version(), bed.scenario.hsmUri, null));
        }
        List<String> done = drainNarrowed();

        assertThat(done).anySatisfy(outcome -> assertThat(outcome).contains("key shared")
                .contains("outside the scope allow-list"));
        assertThat(bed.azure.log.writes()).isEmpty();
    }

    @Test
    void rotationOnRequestIsA403ProblemNamingTheHsm() throws Exception {
        HttpResponseMessage response = Triggers.over(narrowed).keys().rotate(TestRequest.of(HttpMethod.POST,
                "/api/keys/contoso-hsm/shared/rotate", null), "contoso-hsm", "shared", TestRequest.CONTEXT);

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
        var problem = new ObjectMapper().readTree((String) response.getBody());
        assertThat(problem.path("type").asText()).endsWith(":out-of-scope");
        assertThat(problem.path("detail").asText()).contains("contoso-hsm").contains("nothing was changed");
        assertThat(bed.azure.log.calls()).isEmpty();
    }

    @Test
    void retiringAVersionIsRefusedBeforeAnyCall() {
        List<TrackedBinding> tracked = narrowed.stores().bindings().list().stream()
                .map(StoredBinding::of).map(StoredBinding::tracked).toList();

        assertThatThrownBy(() -> narrowed.reconciler().retireVersion(Scenario.HSM, "shared", "any", tracked))
                .isInstanceOf(OutOfScopeException.class);
        assertThat(bed.azure.log.calls()).isEmpty();
    }

    /** @return what the worker said of each item */
    private List<String> drainNarrowed() {
        List<String> done = new java.util.ArrayList<>();
        for (int round = 0; round < 20; round++) {
            var batch = bed.queue.receive(ReconcileQueue.MAX_RECEIVE, Duration.ofMinutes(5));
            if (batch.isEmpty()) {
                break;
            }
            for (var work : batch) {
                done.add(narrowed.worker().handle(work));
                try {
                    bed.queue.complete(work);
                } catch (ConcurrentUpdateException alreadyFailed) {
                    // re-queued by the worker
                }
            }
            bed.azure.clock.advance(Duration.ofMinutes(10));
        }
        return done;
    }
}
