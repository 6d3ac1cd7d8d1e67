package com.cmkorchestrator.devhost;

import com.cmkorchestrator.adapters.AzureConnection;
import com.cmkorchestrator.adapters.TrustedHttpClients;
import com.cmkorchestrator.adapters.AzureAdapters;
import com.cmkorchestrator.adapters.BlobSecurityDomainStore;
import com.cmkorchestrator.adapters.FileSecurityDomainStore;
import com.cmkorchestrator.adapters.SecurityDomainStores;
import com.cmkorchestrator.adapters.eventgrid.EventGridKeyEventPublisher;
import com.cmkorchestrator.app.events.GridEvent;
import com.cmkorchestrator.config.ApiAuth;
import com.cmkorchestrator.config.AppSettings;
import com.cmkorchestrator.emulator.Emulator;
import com.cmkorchestrator.emulator.EmulatorOptions;
import com.cmkorchestrator.emulator.eventgrid.CustomTopic;
import com.cmkorchestrator.emulator.eventgrid.EventSchema;
import com.cmkorchestrator.emulator.eventgrid.EventSubscription;
import com.cmkorchestrator.state.KeyEventKind;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.StateStores;
import com.cmkorchestrator.state.azure.AzureState;
import com.cmkorchestrator.state.memory.InMemoryReconcileQueue;
import com.cmkorchestrator.state.memory.InMemoryState;
import com.cmkorchestrator.triggers.FunctionClasses;
import com.cmkorchestrator.wiring.AppGraph;
import com.cmkorchestrator.wiring.FunctionInjector;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole app on one machine: the emulator (ARM, Managed HSM, Event Grid), seeded; the app's object graph over
 * the real adapters pointed at it; and the development host serving the functions, with Event Grid subscriptions
 * delivering back to the webhook path the Functions host uses. The local run and the end-to-end tests both start it.
 */
public final class LocalEnvironment implements AutoCloseable {

    /** The app's object ID: its managed identity's, in Azure. */
    public static final String APP_PRINCIPAL = "c0ffee00-cafe-4a11-8000-00000000a99e";
    /** Who deploys: creates the HSM (its administrator) and the resources, as a platform team would. */
    public static final String DEPLOYER = "de910e00-0000-4000-8000-0000000000d1";
    public static final String RESOURCE_GROUP = "rg-cmk-demo";
    public static final String HSM_NAME = "cmk-demo-hsm";
    public static final String KEY_EVENTS_TOPIC = "cmk-key-events";

    /**
     * @param emulator  emulator options (ports, delays, faults)
     * @param appPort   the development host's port (7071 as {@code func start}; 0 for any)
     * @param runTimers whether the bridge and sweep fire on their schedules
     * @param queuePoll how often an empty queue is polled; null to work it only through {@link DevHost#drainQueue()}
     * @param storage   a storage connection string (Azurite) for the state, or empty for memory
     * @param out       where progress is printed
     */
    public record Options(EmulatorOptions emulator, int appPort, boolean runTimers, Duration queuePoll,
                          Optional<String> storage, PrintStream out) {
    }

    /** How long each phase of {@link #start} took, in that order. */
    public record StartupTimes(Duration emulator, Duration seeding, Duration host) {
    }

    private final Emulator emulator;
    private final SeededAzure seeded;
    private final AppGraph graph;
    private final DevHost host;
    private final CustomTopic topic;
    private final StartupTimes times;

    private LocalEnvironment(Emulator emulator, SeededAzure seeded, AppGraph graph, DevHost host, CustomTopic topic,
                             StartupTimes times) {
        this.emulator = emulator;
        this.seeded = seeded;
        this.graph = graph;
        this.host = host;
        this.topic = topic;
        this.times = times;
    }

    public static LocalEnvironment start(Options options) {
        PrintStream out = options.out();
        long started = System.nanoTime();
        Emulator emulator = Emulator.start(options.emulator());
        try {
            Duration emulatorStart = Duration.ofNanos(System.nanoTime() - started);
            out.println("[emulator] ARM, Managed HSM and Event Grid at " + emulator.armEndpoint()
                    + " (admin API " + emulator.adminEndpoint() + ")");
            long seeding = System.nanoTime();
            SeededAzure seeded = new AzureSeeder(emulator, connect(emulator, DEPLOYER), out)
                    .seed(DEPLOYER, APP_PRINCIPAL, RESOURCE_GROUP, HSM_NAME);
            Duration seedingTime = Duration.ofNanos(System.nanoTime() - seeding);
            long hostStart = System.nanoTime();
            AzureConnection azure = connect(emulator, APP_PRINCIPAL);
            CustomTopic topic = emulator.eventGrid().createTopic(KEY_EVENTS_TOPIC, RESOURCE_GROUP, EventSchema.EVENT_GRID);
            URI topicEndpoint = emulator.armEndpoint().resolve(topic.publishPath().substring(1));
            out.println("[emulator] Event Grid custom topic " + KEY_EVENTS_TOPIC + " for the HSM event bridge: "
                    + topicEndpoint);

            Map<String, String> settings = settings(emulator, seeded, topicEndpoint, options.storage());
            AppSettings appSettings = AppSettings.from(settings);
            StateStores stores;
            ReconcileQueue queue;
            if (options.storage().isPresent()) {
                AzureState state = AzureState.connect(appSettings, emulator.clock());
                stores = state.stores();
                queue = state.reconcileQueue();
                out.println("[state] Azure Table and Queue storage (Azurite)");
            } else {
                stores = InMemoryState.stores(emulator.clock());
                queue = new InMemoryReconcileQueue(appSettings.reconcileQueue(), appSettings.maxReconcileAttempts(),
                        emulator.clock());
                out.println("[state] in memory (set CMK_STORAGE_CONNECTION_STRING to use Azurite)");
            }
            AppGraph graph = AppGraph.builder(appSettings, AzureAdapters.ports(azure, SecurityDomainStores.blobsAndFiles(
                    options.storage().map(BlobSecurityDomainStore::withConnectionString).orElse(null),
                    new FileSecurityDomainStore())))
                    .state(stores, queue)
                    .publisher(EventGridKeyEventPublisher.withAccessKey(topicEndpoint, topic.key(),
                            TrustedHttpClients.trusting(emulator.trustStorePath(), emulator.trustStorePassword())))
                    .clock(emulator.clock())
                    .appPrincipal(() -> APP_PRINCIPAL)
                    .build();

            DevHost host = DevHost.start(FunctionClasses.ALL, new FunctionInjector(graph), settings, queue,
                    options.appPort(), options.runTimers(), options.queuePoll());
            out.println("[host] functions at " + host.baseUri() + "api/ (" + host.catalog().all().size() + " functions"
                    + (options.runTimers() ? ", timers on" : ", timers off") + ")");
            out.println("[host] no sign-in (CMK_API_AUTH=none): anyone who reaches " + host.baseUri() + "api/ may call"
                    + " it; in Azure the API takes Entra ID callers with an app role (CmkOrchestrator.Operator for"
                    + " writes, CmkOrchestrator.Reader for reads)");
            subscribe(emulator, host, topic, seeded, out);
            host.serveInfo("/admin/emulator", () -> emulatorInfo(emulator, seeded));
            if (options.queuePoll() != null) {
                // an advance of the emulated clock returns once the app's work it made due has run, as the
                // emulator's own work has: the next command sees the result, not a race with the queue poller
                emulator.clock().onAdvance(now -> host.drainQueue());
            }
            return new LocalEnvironment(emulator, seeded, graph, host, topic, new StartupTimes(emulatorStart,
                    seedingTime, Duration.ofNanos(System.nanoTime() - hostStart)));
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
    }

    /**
     * {@code GET /admin/emulator}: where the emulator of this run listens, so that a script needs only the host's
     * port (the walkthrough derives its {@code EMU} from it). No secrets: the trust store's password is not here.
     */
    private static Map<String, String> emulatorInfo(Emulator emulator, SeededAzure seeded) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("armEndpoint", emulator.armEndpoint().toString());
        info.put("adminEndpoint", emulator.adminEndpoint().toString());
        info.put("hsm", seeded.hsmName());
        info.put("hsmUri", seeded.hsmUri().toString());
        // the certificate alone (public), so that a client can trust exactly it instead of switching checks off
        info.put("certificate", certificatePem(emulator));
        return info;
    }

    private static String certificatePem(Emulator emulator) {
        try (InputStream in = Files.newInputStream(emulator.trustStorePath())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, emulator.trustStorePassword().toCharArray());
            Certificate certificate = store.getCertificate(store.aliases().nextElement());
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the emulator's certificate from its trust store", e);
        }
    }

    /** The real SDK clients against the emulator, as {@code principal}, trusting only the emulator's certificate. */
    public static AzureConnection connect(Emulator emulator, String principal) {
        return AzureConnection.forEmulator(emulator.armEndpoint(), emulator.options().tenantId(),
                emulator.options().subscriptionId(), emulator.credential(principal), emulator.trustStorePath(),
                emulator.trustStorePassword());
    }

    /** What a {@code local.settings.json} would hold for this run; no secrets among them. */
    private static Map<String, String> settings(Emulator emulator, SeededAzure seeded, URI topicEndpoint,
                                                Optional<String> storage) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(AppSettings.CMK_SUBSCRIPTION_ID, seeded.subscriptionId());
        settings.put(AppSettings.CMK_TENANT_ID, seeded.tenantId());
        settings.put(AppSettings.CMK_SCOPE_ALLOW_LIST, seeded.resourceGroupId());
        settings.put(AppSettings.CMK_ARM_ENDPOINT, emulator.armEndpoint().toString());
        settings.put(AppSettings.CMK_EMULATOR_TRUST_STORE, emulator.trustStorePath().toString());
        settings.put(AppSettings.CMK_RECONCILE_QUEUE, AppSettings.DEFAULT_RECONCILE_QUEUE);
        settings.put(AppSettings.CMK_KEY_EVENTS_TOPIC_ENDPOINT, topicEndpoint.toString());
        settings.put(AppSettings.CMK_BRIDGE_SCHEDULE, AppSettings.DEFAULT_BRIDGE_SCHEDULE);
        settings.put(AppSettings.CMK_HEALTH_SCHEDULE, AppSettings.DEFAULT_HEALTH_SCHEDULE);
        settings.put(AppSettings.CMK_DATABRICKS_APP_OBJECT_ID, emulator.options().databricksAppObjectId());
        settings.put(AppSettings.CMK_HSM_PROVISIONING_ENABLED, "true");
        // nobody signs in to a local run; in Azure the default is Entra ID with app roles (bicep/README.md)
        settings.put(AppSettings.CMK_API_AUTH, ApiAuth.NONE.settingValue());
        storage.ifPresent(connection -> settings.put(AppSettings.CMK_STORAGE_CONNECTION_STRING, connection));
        return settings;
    }

    /** Event Grid subscriptions to the webhook, each passing Event Grid's validation handshake with the host. */
    private static void subscribe(Emulator emulator, DevHost host, CustomTopic topic, SeededAzure seeded,
                                  PrintStream out) {
        List<String> keyEvents = Arrays.stream(KeyEventKind.values()).map(KeyEventKind::eventType).toList();
        emulator.eventGrid().subscribe(new EventSubscription("key-events-to-app", topic.armId(),
                host.eventGridWebhook("OnKeyEvent"), keyEvents, "", "", EventSchema.EVENT_GRID, 30,
                Duration.ofDays(1)), null);
        emulator.eventGrid().subscribe(new EventSubscription("hsm-writes-to-app", seeded.resourceGroupId(),
                host.eventGridWebhook("OnResourceWrite"), List.of(GridEvent.ResourceWritten.TYPE), "", "",
                EventSchema.EVENT_GRID, 30, Duration.ofDays(1)), null);
        out.println("[eventgrid] " + KEY_EVENTS_TOPIC + " -> " + host.eventGridWebhook("OnKeyEvent")
                + " (validation handshake passed)");
        out.println("[eventgrid] " + seeded.resourceGroup() + " ResourceWriteSuccess -> "
                + host.eventGridWebhook("OnResourceWrite"));
    }

    public Emulator emulator() {
        return emulator;
    }

    public SeededAzure seeded() {
        return seeded;
    }

    public AppGraph graph() {
        return graph;
    }

    public DevHost host() {
        return host;
    }

    public CustomTopic topic() {
        return topic;
    }

    public StartupTimes times() {
        return times;
    }

    @Override
    public void close() {
        host.close();
        emulator.close();
    }
}
