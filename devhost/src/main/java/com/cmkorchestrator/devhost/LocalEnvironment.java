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
import com.cmkorchestrator.state.KeyEventKind;
import com.cmkorchestrator.triggers.FunctionClasses;
import com.cmkorchestrator.wiring.AppGraph;
import com.cmkorchestrator.wiring.FunctionInjector;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
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
 * {@link #start} runs the emulator in this process; {@link #attach} joins one that another process runs, so that
 * several hosts (each its own JVM, sharing an Azurite for the state and the queue) run as scaled-out instances do.
 */
public final class LocalEnvironment implements AutoCloseable {

    /** The app's object ID: its managed identity's, in Azure. */
    public static final String APP_PRINCIPAL = "c0ffee00-cafe-4a11-8000-00000000a99e";
    /** Who deploys: creates the HSM (its administrator) and the resources, as a platform team would. */
    public static final String DEPLOYER = "de910e00-0000-4000-8000-0000000000d1";
    public static final String RESOURCE_GROUP = "rg-cmk-demo";
    public static final String HSM_NAME = "cmk-demo-hsm";
    public static final String KEY_EVENTS_TOPIC = "cmk-key-events";
    /** The file beside the in-process emulator's trust store that holds its first line, for hosts to attach. */
    public static final String FIRST_LINE_FILE = "emulator.json";
    public static final String KEY_EVENTS_SUBSCRIPTION = "key-events-to-app";
    /** The Event Grid subscription of the resource group's writes to the app's OnResourceWrite. */
    public static final String WRITES_SUBSCRIPTION = "hsm-writes-to-app";

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

        Host host(String instance) {
            return new Host(appPort, runTimers, queuePoll, storage, instance, Map.of(), out);
        }
    }

    /**
     * A host attached to an emulator another process runs, next to other hosts: see {@link #attach}.
     *
     * @param emulatorFirstLine the emulator's first line on stdout, or the path of a file holding it
     * @param host              this host's options; give every host sharing an Azurite the same table prefix and
     *                          queue (the settings' defaults do) and its own instance name
     */
    public record Attach(String emulatorFirstLine, Host host) {
    }

    /**
     * What the development host itself runs with, however it reaches the emulator.
     *
     * @param instance  the name this host takes leases under, as a Functions instance ID would be; null for the host
     *                  name and a random suffix
     * @param settings  app settings that replace the local run's own (a table prefix, a queue name)
     */
    public record Host(int appPort, boolean runTimers, Duration queuePoll, Optional<String> storage, String instance,
                       Map<String, String> settings, PrintStream out) {
    }

    /** How long each phase of {@link #start} took, in that order. */
    public record StartupTimes(Duration emulator, Duration seeding, Duration host) {
    }

    private final EmulatorAccess emulator;
    private final SeededAzure seeded;
    private final AppGraph graph;
    private final DevHost host;
    private final StartupTimes times;

    private LocalEnvironment(EmulatorAccess emulator, SeededAzure seeded, AppGraph graph, DevHost host,
                             StartupTimes times) {
        this.emulator = emulator;
        this.seeded = seeded;
        this.graph = graph;
        this.host = host;
        this.times = times;
    }

    /** Starts an emulator in this process, seeds it and serves the app against it. */
    public static LocalEnvironment start(Options options) {
        long started = System.nanoTime();
        Emulator emulator = Emulator.start(options.emulator());
        try {
            Duration emulatorStart = Duration.ofNanos(System.nanoTime() - started);
            options.out().println("[emulator] ARM, Managed HSM and Event Grid at " + emulator.armEndpoint()
                    + " (admin API " + emulator.adminEndpoint() + ")");
            writeFirstLine(emulator, options.emulator().stateDirectory());
            return open(new InProcessEmulator(emulator), options.host(null), emulatorStart);
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
    }

    /**
     * Serves the app against an emulator that is already running in another process, as one of several hosts that
     * share it and an Azurite: the first to come seeds the emulator, the others find what it seeded.
     */
    public static LocalEnvironment attach(Attach options) {
        long started = System.nanoTime();
        AttachedEmulator emulator = AttachedEmulator.attach(options.emulatorFirstLine());
        try {
            options.host().out().println("[emulator] attached to the running emulator at " + emulator.armEndpoint()
                    + " (time scale " + emulator.timeScale() + ")");
            return open(emulator, options.host(), Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
    }

    /**
     * The emulator's first line, kept beside its trust store, so that more hosts can attach to this run's emulator
     * ({@code --attach target/cmk-local-run/emulator.json}).
     */
    private static void writeFirstLine(Emulator emulator, Path directory) {
        try {
            Files.writeString(directory.resolve(FIRST_LINE_FILE), emulator.info().toString() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the emulator's first line into " + directory, e);
        }
    }

    private static LocalEnvironment open(EmulatorAccess emulator, Host options, Duration emulatorStart) {
        PrintStream out = options.out();
        long stateStart = System.nanoTime();
        boolean attached = emulator instanceof AttachedEmulator;
        // the state first: hosts sharing an emulator take turns at seeding it under a lease in that state
        AppSettings stateSettings = AppSettings.from(settings(emulator, null, options));
        LocalState state = LocalState.open(stateSettings, emulator.clock(), emulator.timeScale(), options.instance());
        out.println("[state] " + state.description());
        Duration stateTime = Duration.ofNanos(System.nanoTime() - stateStart);
        long seeding = System.nanoTime();
        AzureSeeder seeder = new AzureSeeder(emulator, connect(emulator, DEPLOYER), out);
        SeededAzure seeded = !attached ? seeder.seed(DEPLOYER, APP_PRINCIPAL, RESOURCE_GROUP, HSM_NAME)
                : SharedSeeding.once(state.stores().leases(), emulator.timeScale(), () -> seeder
                .findSeeded(DEPLOYER, APP_PRINCIPAL, RESOURCE_GROUP, HSM_NAME)
                .orElseGet(() -> seeder.seed(DEPLOYER, APP_PRINCIPAL, RESOURCE_GROUP, HSM_NAME)), out);
        Duration seedingTime = Duration.ofNanos(System.nanoTime() - seeding);
        long hostStart = System.nanoTime();
        AzureConnection azure = connect(emulator, APP_PRINCIPAL);
        EmulatorAccess.Topic topic = emulator.topic(KEY_EVENTS_TOPIC, RESOURCE_GROUP);
        out.println("[emulator] Event Grid custom topic " + KEY_EVENTS_TOPIC + " for the HSM event bridge: "
                + topic.endpoint());

        Map<String, String> settings = settings(emulator, topic.endpoint(), options);
        AppSettings appSettings = AppSettings.from(settings);
        AppGraph graph = AppGraph.builder(appSettings, AzureAdapters.ports(azure, SecurityDomainStores.blobsAndFiles(
                options.storage().map(BlobSecurityDomainStore::withConnectionString).orElse(null),
                new FileSecurityDomainStore())))
                .state(state.stores(), state.queue())
                .publisher(EventGridKeyEventPublisher.withAccessKey(topic.endpoint(), topic.key(),
                        TrustedHttpClients.trusting(emulator.trustStorePath(), emulator.trustStorePassword())))
                .clock(emulator.clock())
                .appPrincipal(() -> APP_PRINCIPAL)
                // a wait for a paced slot is in emulated time, like the leases around it: at time scale 10, a
                // real 2 s wait would be 20 emulated seconds, a third of a lease
                .sleeper(wait -> Thread.sleep(Math.max(1, (long) (wait.toMillis() / emulator.timeScale()))))
                .build();

        DevHost host = DevHost.start(FunctionClasses.ALL, new FunctionInjector(graph), settings, state.queue(),
                options.appPort(), options.runTimers(), options.queuePoll());
        out.println("[host] functions at " + host.baseUri() + "api/ (" + host.catalog().all().size() + " functions"
                + (options.runTimers() ? ", timers on" : ", timers off") + ")");
        out.println("[host] no sign-in (CMK_API_AUTH=none): anyone who reaches " + host.baseUri() + "api/ may call"
                + " it; in Azure the API takes Entra ID callers with an app role (CmkOrchestrator.Operator for"
                + " writes, CmkOrchestrator.Reader for reads)");
        subscribe(emulator, host, topic, seeded, attached, out);
        host.serveInfo("/admin/emulator", () -> emulatorInfo(emulator, seeded));
        host.serveInfo("/admin/host", () -> Map.of("instance", state.stores().leases().holder(), "attached", attached,
                "workItemsHandled", host.workItemsHandled()));
        if (!attached && options.queuePoll() != null) {
            // an advance of the emulated clock returns once the app's work it made due has run, as the
            // emulator's own work has: the next command sees the result, not a race with the queue poller
            ((InProcessEmulator) emulator).emulator().clock().onAdvance(now -> host.drainQueue());
        }
        return new LocalEnvironment(emulator, seeded, graph, host, new StartupTimes(emulatorStart,
                seedingTime, stateTime.plusNanos(System.nanoTime() - hostStart)));
    }

    /**
     * {@code GET /admin/emulator}: where the emulator of this run listens, so that a script needs only the host's
     * port (the walkthrough derives its {@code EMU} from it). No secrets: the trust store's password is not here.
     */
    private static Map<String, String> emulatorInfo(EmulatorAccess emulator, SeededAzure seeded) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("armEndpoint", emulator.armEndpoint().toString());
        info.put("adminEndpoint", emulator.adminEndpoint().toString());
        info.put("hsm", seeded.hsmName());
        info.put("hsmUri", seeded.hsmUri().toString());
        // the certificate alone (public), so that a client can trust exactly it instead of switching checks off
        info.put("certificate", certificatePem(emulator));
        return info;
    }

    private static String certificatePem(EmulatorAccess emulator) {
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
        return connect(new InProcessEmulator(emulator), principal);
    }

    private static AzureConnection connect(EmulatorAccess emulator, String principal) {
        return AzureConnection.forEmulator(emulator.armEndpoint(), emulator.tenantId(), emulator.subscriptionId(),
                emulator.credential(principal), emulator.trustStorePath(), emulator.trustStorePassword());
    }

    /**
     * What a {@code local.settings.json} would hold for this run; no secrets among them.
     *
     * @param topicEndpoint the bridge's topic, or null before it exists (the settings the state is opened with)
     */
    private static Map<String, String> settings(EmulatorAccess emulator, URI topicEndpoint, Host host) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(AppSettings.CMK_SUBSCRIPTION_ID, emulator.subscriptionId());
        settings.put(AppSettings.CMK_TENANT_ID, emulator.tenantId());
        settings.put(AppSettings.CMK_SCOPE_ALLOW_LIST, "/subscriptions/" + emulator.subscriptionId()
                + "/resourceGroups/" + RESOURCE_GROUP);
        settings.put(AppSettings.CMK_ARM_ENDPOINT, emulator.armEndpoint().toString());
        settings.put(AppSettings.CMK_EMULATOR_TRUST_STORE, emulator.trustStorePath().toString());
        settings.put(AppSettings.CMK_RECONCILE_QUEUE, AppSettings.DEFAULT_RECONCILE_QUEUE);
        if (topicEndpoint != null) {
            settings.put(AppSettings.CMK_KEY_EVENTS_TOPIC_ENDPOINT, topicEndpoint.toString());
        }
        settings.put(AppSettings.CMK_BRIDGE_SCHEDULE, AppSettings.DEFAULT_BRIDGE_SCHEDULE);
        settings.put(AppSettings.CMK_HEALTH_SCHEDULE, AppSettings.DEFAULT_HEALTH_SCHEDULE);
        settings.put(AppSettings.CMK_DATABRICKS_APP_OBJECT_ID, emulator.databricksAppObjectId());
        settings.put(AppSettings.CMK_HSM_PROVISIONING_ENABLED, "true");
        // nobody signs in to a local run; in Azure the default is Entra ID with app roles (bicep/README.md)
        settings.put(AppSettings.CMK_API_AUTH, ApiAuth.NONE.settingValue());
        host.storage().ifPresent(connection -> settings.put(AppSettings.CMK_STORAGE_CONNECTION_STRING, connection));
        settings.putAll(host.settings());
        return settings;
    }

    /**
     * Event Grid subscriptions to the webhook, each passing Event Grid's validation handshake with the host. Hosts
     * that share an emulator share its subscriptions, as Azure's instances share their app's: a host that finds none
     * subscribes (a subscription of the same name replaces another, so there is one whichever host wins), and Event
     * Grid delivers each event once, to it (its handler queues the work, which every host competes for).
     */
    private static void subscribe(EmulatorAccess emulator, DevHost host, EmulatorAccess.Topic topic,
                                  SeededAzure seeded, boolean attached, PrintStream out) {
        List<String> keyEvents = Arrays.stream(KeyEventKind.values()).map(KeyEventKind::eventType).toList();
        if (!attached || !emulator.hasSubscription(KEY_EVENTS_SUBSCRIPTION)) {
            emulator.subscribe(KEY_EVENTS_SUBSCRIPTION, topic.armId(), host.eventGridWebhook("OnKeyEvent"), keyEvents);
            out.println("[eventgrid] " + KEY_EVENTS_TOPIC + " -> " + host.eventGridWebhook("OnKeyEvent")
                    + " (validation handshake passed)");
        }
        if (!attached || !emulator.hasSubscription(WRITES_SUBSCRIPTION)) {
            emulator.subscribe(WRITES_SUBSCRIPTION, seeded.resourceGroupId(), host.eventGridWebhook("OnResourceWrite"),
                    List.of(GridEvent.ResourceWritten.TYPE));
            out.println("[eventgrid] " + seeded.resourceGroup() + " ResourceWriteSuccess -> "
                    + host.eventGridWebhook("OnResourceWrite"));
        }
    }

    /** The emulator this run started; a host attached to another process's emulator has none of its own. */
    public Emulator emulator() {
        if (emulator instanceof InProcessEmulator inProcess) {
            return inProcess.emulator();
        }
        throw new IllegalStateException("this host is attached to an emulator that runs in another process");
    }

    /** The emulator's admin API ({@code https://127.0.0.1:<port>/_emulator/}), whichever process runs it. */
    public URI emulatorAdminEndpoint() {
        return emulator.adminEndpoint();
    }

    /** The emulated clock, whichever process runs the emulator. */
    public Clock clock() {
        return emulator.clock();
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

    public StartupTimes times() {
        return times;
    }

    @Override
    public void close() {
        host.close();
        emulator.close();
    }
}
