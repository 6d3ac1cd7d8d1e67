package com.cmkorchestrator.triggers;

import com.cmkorchestrator.adapters.AzureAdapters;
import com.cmkorchestrator.adapters.HsmKeys;
import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.app.StoredBinding;
import com.cmkorchestrator.config.AppSettings;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.IdentitySpec;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.RotationPolicySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.emulator.EmulatorOptions;
import com.cmkorchestrator.state.ConcurrentUpdateException;
import com.cmkorchestrator.state.ReceivedWork;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.StateStores;
import com.cmkorchestrator.state.memory.InMemoryReconcileQueue;
import com.cmkorchestrator.state.memory.InMemoryState;
import com.cmkorchestrator.wiring.AppGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One delivery of 1,000 identical key events costs at most twice the Azure requests of a single one (issue 10,
 * finding 6): the app on the real adapters over the emulator, the requests counted in its request log. The events
 * go in as Event Grid delivers them, one function invocation each, and the queue is worked as the host does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyEventBurstTest {

    private static final int BURST = 1_000;

    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("burst-rg").withActiveHsm("hsm-burst");

    private StateStores stores;
    private ReconcileQueue queue;
    private AppGraph graph;
    private Triggers functions;
    private URI hsmUri;

    @BeforeAll
    void convergeTwoBindingsOfOneKey() {
        hsmUri = azure.hsm();
        stores = InMemoryState.stores(azure.emulator().clock());
        queue = new InMemoryReconcileQueue("cmk-reconcile", 8, azure.emulator().clock());
        graph = AppGraph.builder(AppSettings.from(Map.of(
                        AppSettings.CMK_SCOPE_ALLOW_LIST, "/subscriptions/" + azure.subscriptionId(),
                        AppSettings.CMK_DATABRICKS_APP_OBJECT_ID, EmulatorOptions.DEFAULT_DATABRICKS_APP_OBJECT_ID,
                        AppSettings.CMK_API_AUTH, "none")),
                        AzureAdapters.ports(azure.asApp(), EmulatedAzure.noSecurityDomains()))
                .state(stores, queue).clock(azure.emulator().clock()).build();
        functions = Triggers.over(graph);
        ArmId hsm = azure.id("burst-rg", "Microsoft.KeyVault/managedHSMs", "hsm-burst");
        KeySpec key = KeySpec.rsa("burst-cmk", 2048)
                .withRotationPolicy(new RotationPolicySpec(Period.ofDays(90), Period.ofDays(180), null));
        for (String account : List.of("stburst1", "stburst2")) {
            graph.bindings().declare(new Binding(account, hsm, key, IdentitySpec.create("burst-rg", "id-" + account),
                    azure.storageAccount("burst-rg", account), VersionPolicy.PINNED), Optional.empty());
        }
        for (int minute = 0; minute < 30 && !allVerified(); minute++) {
            drain();
            azure.emulator().clock().advance(Duration.ofMinutes(1));
        }
        assertThat(allVerified()).as("both bindings verified before the events").isTrue();
    }

    @Test
    void oneDeliveryOfAThousandIdenticalKeyEventsCostsAtMostTwiceTheAzureRequestsOfOne() {
        long single = requestsFor(1);
        long burst = requestsFor(BURST);

        assertThat(single).as("a single event rebinds both accounts").isPositive();
        assertThat(burst).as("Azure requests of %d identical events, against %d for one", BURST, single)
                .isLessThanOrEqualTo(2 * single);
    }

    /** A new version made behind the app's back, announced {@code events} times; the requests until all is quiet. */
    private long requestsFor(int events) {
        azure.emulator().clock().advance(Duration.ofMinutes(1));
        String version = new HsmKeys(azure.connection()).rotate(hsmUri, "burst-cmk").version();
        String event = """
                {"id": "burst-%s", "subject": "burst-cmk", "eventType": "Microsoft.KeyVault.KeyNewVersionCreated",
                 "eventTime": "2026-01-01T00:00:00Z", "dataVersion": "1",
                 "data": {"Id": "%skeys/burst-cmk/%s", "VaultName": "hsm-burst", "ObjectType": "Key",
                          "ObjectName": "burst-cmk", "Version": "%s"}}""".formatted(version, hsmUri, version, version);
        long mark = azure.emulator().requestLog().mark();
        for (int delivery = 0; delivery < events; delivery++) {
            functions.events().onKeyEvent(event, TestRequest.CONTEXT);
        }
        drain();
        assertThat(allOn(version)).as("both accounts rebound to " + version).isTrue();
        return azure.emulator().requestLog().since(mark).size();
    }

    private void drain() {
        for (List<ReceivedWork> batch = queue.receive(ReconcileQueue.MAX_RECEIVE, Duration.ofMinutes(5));
             !batch.isEmpty(); batch = queue.receive(ReconcileQueue.MAX_RECEIVE, Duration.ofMinutes(5))) {
            for (ReceivedWork work : batch) {
                graph.worker().handle(work);
                try {
                    queue.complete(work);
                } catch (ConcurrentUpdateException alreadyFailed) {
                    // re-queued by the worker, as the host tolerates
                }
            }
        }
    }

    private boolean allVerified() {
        return stores.bindings().list().stream().map(StoredBinding::of)
                .allMatch(stored -> stored.lastStatus().map(status -> status.isReady()).orElse(false));
    }

    private boolean allOn(String version) {
        return stores.bindings().list().stream().map(StoredBinding::of).allMatch(stored -> stored.lastStatus()
                .flatMap(status -> status.versionInUse(KeySlot.STORAGE_ENCRYPTION))
                .map(version::equals).orElse(false));
    }
}
