package com.cmkorchestrator.wiring;

import com.cmkorchestrator.app.BindingCatalog;
import com.cmkorchestrator.app.BindingPass;
import com.cmkorchestrator.app.BindingService;
import com.cmkorchestrator.app.HsmService;
import com.cmkorchestrator.app.KeyEventHandler;
import com.cmkorchestrator.app.PassRecorder;
import com.cmkorchestrator.app.ReconcileWorker;
import com.cmkorchestrator.app.Regions;
import com.cmkorchestrator.app.RejectedEvents;
import com.cmkorchestrator.app.RotationService;
import com.cmkorchestrator.app.SlotOwnership;
import com.cmkorchestrator.app.WorkScheduler;
import com.cmkorchestrator.adapters.SdkRegions;
import com.cmkorchestrator.adapters.eventgrid.GridEventParser;
import com.cmkorchestrator.app.bridge.KeyEventBridge;
import com.cmkorchestrator.app.bridge.KeyEventPublisher;
import com.cmkorchestrator.app.events.GridEventReader;
import com.cmkorchestrator.app.health.HealthReporter;
import com.cmkorchestrator.app.health.HealthSweep;
import com.cmkorchestrator.app.health.PassFindings;
import com.cmkorchestrator.app.retirement.RetirementLog;
import com.cmkorchestrator.app.retirement.RetirementSweep;
import com.cmkorchestrator.config.ApiAuth;
import com.cmkorchestrator.config.AppSettings;
import com.cmkorchestrator.core.BindingReconciler;
import com.cmkorchestrator.core.engine.EngineSettings;
import com.cmkorchestrator.core.engine.Sleeper;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.ports.AzurePorts;
import com.cmkorchestrator.core.safety.ScopeAllowList;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.StateStores;
import com.cmkorchestrator.triggers.http.ApiGate;

import java.time.Clock;
import java.time.Duration;
import java.time.Period;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The object graph of one process, built once: the lifecycle core over the Azure ports, the state stores and the
 * work queue, and the application services the functions call. Where the ports and the state point (Azure, the
 * emulator, Azurite, memory) is the caller's choice; {@code AzureGraph} makes the Azure one, the development host
 * the emulator's, tests their own. {@link FunctionInjector} hands its services to the function classes.
 */
public final class AppGraph {

    private static final Logger LOG = Logger.getLogger(AppGraph.class.getName());

    /** How long a bridge instance holds the right to publish one event before another may take it over. */
    static final Duration BRIDGE_CLAIM_LEASE = Duration.ofMinutes(5);
    /** Bindings the health sweep re-checks at once, as many as the queue trigger runs per instance (host.json). */
    static final int SWEEP_CONCURRENCY = 8;

    private final AppSettings settings;
    private final StateStores stores;
    private final ReconcileQueue queue;
    private final Clock clock;
    private final BindingReconciler reconciler;
    private final BindingCatalog catalog;
    private final WorkScheduler work;
    private final SlotOwnership slots;
    private final BindingService bindings;
    private final HsmService hsms;
    private final RotationService rotations;
    private final KeyEventHandler keyEvents;
    private final ReconcileWorker worker;
    private final Optional<KeyEventBridge> bridge;
    private final HealthSweep healthSweep;
    private final HealthReporter healthReporter;
    private final RejectedEvents rejected;
    private final RetirementLog retired;
    private final GridEventReader events = new GridEventParser();
    private final ApiGate apiGate;

    private AppGraph(Builder b) {
        this.settings = b.settings;
        this.stores = Objects.requireNonNull(b.stores, "stores");
        this.queue = Objects.requireNonNull(b.queue, "queue");
        this.clock = b.clock;
        this.reconciler = BindingReconciler.builder(b.ports)
                .allowList(allowList(settings))
                .settings(engineSettings(settings))
                .clock(clock)
                .ownedKeys(stores.ownedKeys())
                .leases(stores.leases())
                .pacing(stores.pacing())
                .sleeper(b.sleeper)
                .appPrincipal(b.appPrincipal)
                .build();
        this.catalog = new BindingCatalog(stores);
        this.work = new WorkScheduler(queue, stores.pending(), clock);
        this.slots = new SlotOwnership(stores.slots(), stores.bindings(), clock);
        BindingPass passes = new BindingPass(stores.bindings(), reconciler, new PassRecorder(stores.bindings(), work,
                new PassFindings(stores.findings(), clock)), slots);
        Regions regions = new SdkRegions();
        this.bindings = new BindingService(stores.bindings(), stores.findings(), allowList(settings), regions, work,
                slots);
        this.hsms = new HsmService(stores.hsmRequests(), allowList(settings), settings.hsmProvisioningEnabled(),
                b.ports.securityDomainStore(), regions, b.appPrincipal, work);
        this.rotations = new RotationService(catalog, reconciler, work);
        this.keyEvents = new KeyEventHandler(catalog, b.ports.hsms(), work, b.appPrincipal);
        this.worker = new ReconcileWorker(stores.hsmRequests(), catalog, reconciler, queue, work, passes, clock);
        this.bridge = b.publisher.map(publisher -> new KeyEventBridge(catalog, b.ports.hsms(), b.ports.keys(),
                stores.watermarks(), publisher, clock, settings.notifyBeforeExpiryDefault(),
                "bridge-" + UUID.randomUUID(), BRIDGE_CLAIM_LEASE));
        this.retired = new RetirementLog(stores.findings(), clock);
        this.healthSweep = new HealthSweep(catalog, passes, SWEEP_CONCURRENCY, stores.findings(), b.ports.targets(),
                b.ports.hsms(), b.ports.keys(), allowList(settings), clock, settings.notifyBeforeExpiryDefault(),
                new RetirementSweep(catalog, reconciler, retired));
        this.rejected = new RejectedEvents(stores.findings(), clock);
        this.healthReporter = new HealthReporter(catalog, stores, rejected, retired, slots, queue, clock);
        this.apiGate = ApiGate.of(settings.apiAuth(), b.platformAuthentication);
        if (settings.apiAuth() == ApiAuth.NONE) {
            LOG.warning("CMK_API_AUTH=none: the HTTP API asks no caller to sign in; anyone who reaches it may declare"
                    + " bindings, request HSMs and rotate keys. For local runs and private test deployments only.");
        }
    }

    public static Builder builder(AppSettings settings, AzurePorts ports) {
        return new Builder(settings, ports);
    }

    /** The scope allow-list setting as the core's type; an entry that is no subscription or group fails here. */
    static ScopeAllowList allowList(AppSettings settings) {
        return new ScopeAllowList(settings.scopeAllowList().stream().map(ArmId::parse).toList());
    }

    static EngineSettings engineSettings(AppSettings settings) {
        EngineSettings defaults = EngineSettings.defaults(settings.databricksAppObjectId().orElse(null));
        long days = Math.max(1, settings.notifyBeforeExpiryDefault().toDays());
        return new EngineSettings(defaults.databricksPrincipalId(), defaults.steadyRecheck(), defaults.failedRecheck(),
                defaults.shortRequeue(), defaults.hsmPoll(), defaults.propagationBase(), defaults.propagationMax(),
                Period.ofDays((int) days));
    }

    public AppSettings settings() { return settings; }

    public StateStores stores() { return stores; }

    public ReconcileQueue queue() { return queue; }

    public Clock clock() { return clock; }

    public BindingReconciler reconciler() { return reconciler; }

    public BindingService bindings() { return bindings; }

    public SlotOwnership slots() { return slots; }

    public HsmService hsms() { return hsms; }

    public RotationService rotations() { return rotations; }

    public KeyEventHandler keyEvents() { return keyEvents; }

    public ReconcileWorker worker() { return worker; }

    /** Empty when no key events topic is configured: the bridge then has nowhere to publish. */
    public Optional<KeyEventBridge> bridge() { return bridge; }

    public HealthSweep healthSweep() { return healthSweep; }

    public HealthReporter healthReporter() { return healthReporter; }

    public RejectedEvents rejected() { return rejected; }

    public RetirementLog retired() { return retired; }

    /** Who may call the HTTP API: {@code CMK_API_AUTH} and whether App Service authentication is on. */
    public ApiGate apiGate() { return apiGate; }

    /** Reads Event Grid deliveries: the same adapter whatever the ports point at, since the wire format is Azure's. */
    public GridEventReader events() { return events; }

    /** Wiring options; the settings and the ports are required, the rest has Azure's defaults. */
    public static final class Builder {
        private final AppSettings settings;
        private final AzurePorts ports;
        private StateStores stores;
        private ReconcileQueue queue;
        private Optional<KeyEventPublisher> publisher = Optional.empty();
        private Clock clock = Clock.systemUTC();
        private boolean platformAuthentication;
        private Supplier<String> appPrincipal = () -> {
            throw new IllegalStateException("the app's own principal is not known to this graph");
        };
        private Sleeper sleeper = Sleeper.THREAD;

        private Builder(AppSettings settings, AzurePorts ports) {
            this.settings = Objects.requireNonNull(settings, "settings");
            this.ports = Objects.requireNonNull(ports, "ports");
        }

        public Builder state(StateStores stores, ReconcileQueue queue) {
            this.stores = stores;
            this.queue = queue;
            return this;
        }

        public Builder publisher(KeyEventPublisher publisher) {
            this.publisher = Optional.of(publisher);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * Whether App Service authentication is on for this app ({@code WEBSITE_AUTH_ENABLED=True}): only then is the
         * principal header it sets trusted. Off unless said.
         */
        public Builder platformAuthentication(boolean on) {
            this.platformAuthentication = on;
            return this;
        }

        /** The app's own object ID, read when first needed (an HSM request, an HSM it activates). */
        public Builder appPrincipal(Supplier<String> principal) {
            this.appPrincipal = Objects.requireNonNull(principal);
            return this;
        }

        /** How a pass waits for an HSM pacing slot a moment away; tests pass one that moves their clock instead. */
        public Builder sleeper(Sleeper pacingSleeper) {
            this.sleeper = Objects.requireNonNull(pacingSleeper);
            return this;
        }

        public AppGraph build() {
            return new AppGraph(this);
        }
    }
}
