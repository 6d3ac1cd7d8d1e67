package com.cmkorchestrator.app;

import com.cmkorchestrator.app.bridge.BridgedKeyEvent;
import com.cmkorchestrator.app.bridge.KeyEventPublisher;
import com.cmkorchestrator.config.AppSettings;
import com.cmkorchestrator.wiring.AppGraph;
import com.cmkorchestrator.core.fakes.FakeAzure;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.BindingJson;
import com.cmkorchestrator.core.model.IdentitySpec;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.state.ReceivedWork;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.StateStores;
import com.cmkorchestrator.state.memory.InMemoryReconcileQueue;
import com.cmkorchestrator.state.memory.InMemoryState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The application services over the core's fake Azure and the in-memory state and queue, with a queue pump that
 * works the queue the way the Functions host does. Each test gets a fresh one.
 */
public final class AppTestbed {

    public final Scenario scenario = new Scenario();
    public final FakeAzure azure = scenario.azure;
    public final StateStores stores = InMemoryState.stores(azure.clock);
    public final ReconcileQueue queue = new InMemoryReconcileQueue("cmk-reconcile", 3, azure.clock);
    public final List<BridgedKeyEvent> published = new CopyOnWriteArrayList<>();
    /** Set to make the next publications fail, as a topic that is down would. */
    public volatile RuntimeException publishFailure;
    public final AppGraph graph;
    /** The app's own object ID: the administrator the test HSM requests name. */
    public static final String APP_PRINCIPAL = "11111111-0000-0000-0000-000000000001";

    public AppTestbed() {
        this(Map.of());
    }

    private final AppSettings settings;
    private final boolean platformAuthentication;

    public AppTestbed(Map<String, String> extraSettings) {
        this(extraSettings, false);
    }

    /** @param platformAuthentication whether App Service authentication is on ({@code WEBSITE_AUTH_ENABLED=True}) */
    public AppTestbed(Map<String, String> extraSettings, boolean platformAuthentication) {
        Map<String, String> values = new HashMap<>(Map.of(
                AppSettings.CMK_SCOPE_ALLOW_LIST, "/subscriptions/" + FakeAzure.SUBSCRIPTION,
                AppSettings.CMK_DATABRICKS_APP_OBJECT_ID, FakeAzure.DATABRICKS_APP,
                AppSettings.CMK_HSM_PROVISIONING_ENABLED, "true",
                AppSettings.CMK_API_AUTH, "none"));
        values.putAll(extraSettings);
        settings = AppSettings.from(values);
        this.platformAuthentication = platformAuthentication;
        graph = instance();
    }

    /** Another instance of the app over the same Azure, state and queue, as a second Functions instance would be. */
    public AppGraph instance() {
        return instance(stores);
    }

    /** Another instance over the same Azure and queue, keeping its state in {@code stores}. */
    public AppGraph instance(StateStores stores) {
        KeyEventPublisher publisher = event -> {
            if (publishFailure != null) {
                throw publishFailure;
            }
            published.add(event);
        };
        return AppGraph.builder(settings, azure.ports())
                .state(stores, queue)
                .publisher(publisher)
                .clock(azure.clock)
                .sleeper(azure.clock::advance)
                .appPrincipal(() -> APP_PRINCIPAL)
                .platformAuthentication(platformAuthentication)
                .build();
    }

    public static Binding storage(String key, VersionPolicy policy) {
        return new Binding("orders-storage", Scenario.HSM, KeySpec.rsa(key, 2048),
                IdentitySpec.create("rg-app", "orders-cmk-id"), Scenario.STORAGE, policy);
    }

    public static Binding des(String key, VersionPolicy policy) {
        return new Binding("vm-disks", Scenario.HSM, KeySpec.rsa(key, 2048),
                IdentitySpec.create("rg-app", "orders-cmk-id"), Scenario.DES, policy);
    }

    public static Binding databricks(String key, VersionPolicy policy) {
        return new Binding("analytics", Scenario.HSM, KeySpec.rsa(key, 2048), null, Scenario.WORKSPACE, policy);
    }

    /**
     * Runs every visible work item of the work queue and its poll queue, as the host's two triggers would, until none
     * is visible; returns what the worker said.
     */
    public List<String> drain() {
        List<String> done = new ArrayList<>();
        for (int round = 0; round < 100; round++) {
            int handled = 0;
            for (ReconcileQueue from : List.of(queue, queue.polls())) {
                for (ReceivedWork work : from.receive(ReconcileQueue.MAX_RECEIVE, Duration.ofMinutes(5))) {
                    handled++;
                    done.add(graph.worker().handle(work, from));
                    try {
                        from.complete(work);
                    } catch (com.cmkorchestrator.state.ConcurrentUpdateException alreadyFailed) {
                        // the worker reported a failure, which re-queued the item: as the host, tolerate the receipt
                    }
                }
            }
            if (handled == 0) {
                return done;
            }
        }
        throw new AssertionError("the queue never emptied: " + done);
    }

    /** Declares a binding and works the queue, moving the clock a minute at a time, until it is verified. */
    public BindingStatus converge(Binding binding) {
        graph.bindings().declare(binding, Optional.empty());
        return awaitVerified(binding.name());
    }

    public BindingStatus awaitVerified(String name) {
        for (int minute = 0; minute < 60; minute++) {
            drain();
            Optional<BindingStatus> status = status(name);
            if (status.isPresent() && status.get().isReady()) {
                return status.get();
            }
            azure.clock.advance(Duration.ofMinutes(1));
        }
        throw new AssertionError("binding " + name + " never verified: " + status(name));
    }

    public Optional<BindingStatus> status(String name) {
        return stores.bindings().get(name).map(StoredBinding::of).flatMap(StoredBinding::lastStatus);
    }

    public static String json(Binding binding) {
        return BindingJson.write(binding);
    }
}
