package com.cmkorchestrator.emulator;

import com.cmkorchestrator.emulator.admin.AdminApi;
import com.cmkorchestrator.emulator.admin.AdministeredEmulator;
import com.cmkorchestrator.emulator.arm.ArmContext;
import com.cmkorchestrator.emulator.arm.ArmFrontDoor;
import com.cmkorchestrator.emulator.arm.ArmRouter;
import com.cmkorchestrator.emulator.arm.ArmSettings;
import com.cmkorchestrator.emulator.arm.ArmState;
import com.cmkorchestrator.emulator.arm.ManagedIdentities;
import com.cmkorchestrator.emulator.arm.OperationLength;
import com.cmkorchestrator.emulator.arm.Operations;
import com.cmkorchestrator.emulator.arm.ResourceEvents;
import com.cmkorchestrator.emulator.arm.providers.DatabricksWorkspaces;
import com.cmkorchestrator.emulator.arm.providers.DiskEncryptionSets;
import com.cmkorchestrator.emulator.arm.providers.KeyPickups;
import com.cmkorchestrator.emulator.arm.providers.ManagedHsms;
import com.cmkorchestrator.emulator.arm.providers.StorageAccounts;
import com.cmkorchestrator.emulator.arm.providers.UserAssignedIdentities;
import com.cmkorchestrator.emulator.auth.EmulatorTokenCredential;
import com.cmkorchestrator.emulator.cmk.CmkGate;
import com.cmkorchestrator.emulator.eventgrid.DeliveryQueue;
import com.cmkorchestrator.emulator.eventgrid.EventGrid;
import com.cmkorchestrator.emulator.eventgrid.TopicEndpoint;
import com.cmkorchestrator.emulator.eventgrid.WebhookClient;
import com.cmkorchestrator.emulator.faults.Chance;
import com.cmkorchestrator.emulator.faults.FaultSettings;
import com.cmkorchestrator.emulator.hsm.EmulatedHsmFleet;
import com.cmkorchestrator.emulator.hsm.ManagedHsmFleet;
import com.cmkorchestrator.emulator.inspect.RequestLog;
import com.cmkorchestrator.emulator.ratelimit.ArmRateLimits;
import com.cmkorchestrator.emulator.ratelimit.ArmThrottle;
import com.cmkorchestrator.emulator.ratelimit.ProviderThrottle;
import com.cmkorchestrator.emulator.time.EmulatorClock;
import com.cmkorchestrator.emulator.time.Scheduler;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.HttpsEndpoint;
import com.cmkorchestrator.emulator.transport.RequestHandler;
import com.cmkorchestrator.emulator.transport.TlsMaterial;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The local Azure: ARM, Event Grid custom topics and the admin API on one HTTPS port, one HTTPS
 * port per Managed HSM, and Event Grid's webhook deliveries. Embeddable ({@code Emulator.start(options)}
 * in a test, {@code close()} after) and runnable from the command line ({@link EmulatorMain}).
 */
public final class Emulator implements AdministeredEmulator, AutoCloseable {
    private final EmulatorOptions options;
    private final EmulatorClock clock;
    private final TlsMaterial tls;
    private final RequestLog requestLog;
    private final AtomicReference<FaultSettings> faults;
    private final Chance chance;
    private final Scheduler scheduler;
    private final ManagedHsmFleet fleet;
    private final ArmState state = new ArmState();
    private final ArmSettings armSettings;
    private final Operations operations;
    private final EventGrid eventGrid;
    private final HttpsEndpoint port;
    private final ScheduledExecutorService ticker;

    private Emulator(EmulatorOptions options, FleetFactory fleets) {
        this.options = options;
        this.clock = new EmulatorClock(Clock.systemUTC(), options.timeScale());
        this.tls = TlsMaterial.generate(options.stateDirectory());
        this.requestLog = new RequestLog(clock);
        this.faults = new AtomicReference<>(options.faults());
        this.chance = new Chance(options.faults().seed());
        // the fleet first: its clock listeners (rotation policies) then run before ARM's pickups on each tick
        this.fleet = fleets.create(options, clock, tls, requestLog);
        this.scheduler = new Scheduler(clock);
        this.operations = new Operations(state, scheduler, clock, options.maxPollInterval());
        WebhookClient webhooks = new WebhookClient(options.eventDeliveryTimeout());
        this.eventGrid = new EventGrid(options.subscriptionId(), clock, webhooks,
                new DeliveryQueue(clock, webhooks, faults::get, chance), options.validationHandshake());
        this.armSettings = armSettings(options);
        ArmContext arm = new ArmContext(armSettings, clock, state, scheduler, operations,
                new ResourceEvents(eventGrid, options.tenantId(), options.subscriptionId()),
                new ManagedIdentities(state, options.tenantId()), fleet, new CmkGate(fleet));
        scheduler.everyTick(new KeyPickups(arm));
        ArmRouter router = new ArmRouter(arm, List.of(new ManagedHsms(arm), new UserAssignedIdentities(arm),
                new StorageAccounts(arm), new DiskEncryptionSets(arm), new DatabricksWorkspaces(arm)));
        AtomicReference<URI> base = new AtomicReference<>();
        RequestHandler armDoor = new ArmFrontDoor(router, new ArmThrottle(clock, options.rateLimits()),
                new ProviderThrottle(clock, options.rateLimits()::diskPolicy), faults::get, chance, scheduler, clock,
                options.subscriptionId(), base::get);
        RequestHandler topics = new TopicEndpoint(eventGrid, clock);
        RequestHandler admin = new AdminApi(this);
        this.port = HttpsEndpoint.start(options.host(), options.armPort(), tls, "arm", Emulator::surfaceOf, requestLog,
                request -> switch (surfaceOf(request)) {
                    case "admin" -> admin.handle(request);
                    case "eventgrid" -> topics.handle(request);
                    default -> armDoor.handle(request);
                });
        base.set(port.baseUri());
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "emulator-clock");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(clock::tick, 1, 1, TimeUnit.SECONDS);
    }

    private static ArmSettings armSettings(EmulatorOptions options) {
        return new ArmSettings(options.tenantId(), options.subscriptionId(), new OperationLength(options.operationDuration()),
                options.hsmProvisioningDuration(), options.databricksAppObjectId(), options.listPageSize());
    }

    /** Starts an emulator with the real Managed HSM data plane. */
    public static Emulator start(EmulatorOptions options) {
        return start(options, (o, clock, tls, log) -> new EmulatedHsmFleet(o.hsmOptions(), clock, tls, log));
    }

    /** Starts an emulator whose Managed HSMs come from {@code fleets}. */
    public static Emulator start(EmulatorOptions options, FleetFactory fleets) {
        return new Emulator(options, fleets);
    }

    private static String surfaceOf(EmuRequest request) {
        String path = request.path();
        if (path.startsWith(AdminApi.PREFIX)) {
            return "admin";
        }
        return path.startsWith(TopicEndpoint.PREFIX) ? "eventgrid" : "arm";
    }

    /** ARM's resource manager endpoint, e.g. {@code https://127.0.0.1:8443/}; Event Grid topics live here too. */
    public URI armEndpoint() { return port.baseUri(); }

    /** The admin API's base, {@code https://127.0.0.1:<port>/_emulator/}. */
    public URI adminEndpoint() { return port.baseUri().resolve(AdminApi.PREFIX.substring(1) + "/"); }

    public Path trustStorePath() { return tls.trustStorePath(); }

    public String trustStorePassword() { return tls.trustStorePassword(); }

    public EmulatorClock clock() { return clock; }

    public RequestLog requestLog() { return requestLog; }

    public EmulatorOptions options() { return options; }

    public ManagedHsmFleet fleet() { return fleet; }

    public EventGrid eventGrid() { return eventGrid; }

    public Operations operations() { return operations; }

    public Scheduler scheduler() { return scheduler; }

    @Override
    public ArmRateLimits rateLimits() { return options.rateLimits(); }

    @Override
    public int listPageSize() { return options.listPageSize(); }

    @Override
    public Duration operationDuration() { return armSettings.operationDuration().get(); }

    @Override
    public void setOperationDuration(Duration length) { armSettings.operationDuration().set(length); }

    /** The fault injection in force. */
    public FaultSettings faults() { return faults.get(); }

    /** Changes the fault injection at once; the random sequence restarts from the new seed. */
    public void setFaults(FaultSettings settings) {
        faults.set(settings);
        chance.reseed(settings.seed());
    }

    /** ARM's documents (resource groups first), as GET returns them, for tests and the admin API. */
    public List<com.fasterxml.jackson.databind.node.ObjectNode> armDocuments() {
        synchronized (state) {
            List<com.fasterxml.jackson.databind.node.ObjectNode> out = new java.util.ArrayList<>();
            state.groups().forEach(group -> out.add(group.deepCopy()));
            state.allResources().forEach(doc -> {
                var copy = doc.deepCopy();
                copy.remove(ArmState.INTERNAL);
                out.add(copy);
            });
            return out;
        }
    }

    /** A credential whose tokens name {@code objectId} as the caller. */
    public EmulatorTokenCredential credential(String objectId) {
        return new EmulatorTokenCredential(objectId, options.tenantId());
    }

    /** The first line {@code EmulatorMain} prints: how to reach and trust this emulator. */
    public com.fasterxml.jackson.databind.node.ObjectNode info() {
        var info = EmuRequest.JSON.createObjectNode();
        info.put("armEndpoint", armEndpoint().toString()).put("adminEndpoint", adminEndpoint().toString())
                .put("trustStorePath", trustStorePath().toAbsolutePath().toString())
                .put("trustStorePassword", trustStorePassword()).put("trustStoreType", "PKCS12")
                .put("tenantId", options.tenantId()).put("subscriptionId", options.subscriptionId())
                .put("databricksAppObjectId", options.databricksAppObjectId());
        // what a client in another process must know to act on this emulator's time as the embedding one does
        info.putObject("timing").put("timeScale", options.timeScale())
                .put("hsmProvisioning", options.hsmProvisioningDuration().toString())
                .put("rolePropagation", options.roleAssignmentPropagation().toString())
                .put("operationDuration", operationDuration().toString());
        info.putObject("credential")
                .put("type", "com.cmkorchestrator.emulator.auth.EmulatorTokenCredential")
                .put("usage", "new EmulatorTokenCredential(<any object ID>, tenantId): unsigned JWTs whose 'oid' "
                        + "claim names the caller; or send 'Authorization: Bearer <header>.<payload>.' with a base64url "
                        + "JSON payload {\"oid\",\"tid\",\"exp\"}");
        return info;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        port.close();
        eventGrid.close();
        if (fleet instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop the Managed HSM endpoints", e);
            }
        }
    }
}
