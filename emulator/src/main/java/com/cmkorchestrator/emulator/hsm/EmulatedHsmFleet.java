package com.cmkorchestrator.emulator.hsm;

import com.cmkorchestrator.emulator.hsm.keys.HsmProperties;
import com.cmkorchestrator.emulator.hsm.keys.KeyPairSource;
import com.cmkorchestrator.emulator.transport.RequestRecorder;
import com.cmkorchestrator.emulator.time.EmulatorClock;
import com.cmkorchestrator.emulator.transport.TlsMaterial;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The emulator's Managed HSMs, each serving its own data plane on a free loopback port. Time-driven
 * behaviour (automatic key rotation, scheduled purge of deleted keys) runs whenever the
 * {@link EmulatorClock} is advanced and, for real time passing, on a background tick.
 */
public final class EmulatedHsmFleet implements ManagedHsmFleet, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmulatedHsmFleet.class.getName());
    private static final Pattern GUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final HsmOptions options;
    private final EmulatorClock clock;
    private final TlsMaterial tls;
    private final RequestRecorder requestLog;
    private final KeyPairSource keyPairs;
    private final ScheduledExecutorService scheduler;
    /** By lower-cased ARM ID, soft-deleted ones included (they stop serving but keep their keys). */
    private final Map<String, EmulatedHsm> hsms = new LinkedHashMap<>();
    private volatile boolean closed;

    public EmulatedHsmFleet(HsmOptions options, EmulatorClock clock, TlsMaterial tls, RequestRecorder requestLog) {
        this.options = options;
        this.clock = clock;
        this.tls = tls;
        this.requestLog = requestLog;
        this.keyPairs = new KeyPairSource(options.rsaPoolSize());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "emulator-hsm-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        long period = options.schedulerPeriod().toMillis();
        scheduler.scheduleAtFixedRate(() -> runDue(clock.instant()), period, period, TimeUnit.MILLISECONDS);
        // the clock stops at each rotation inside an advance, so that ARM's pickups see the versions one by one
        clock.onAdvance(this::runDue, this::nextDueAfter);
    }

    @Override
    public ManagedHsm provision(String armId, String name, String tenantId, List<String> initialAdminObjectIds) {
        return provision(armId, name, tenantId, initialAdminObjectIds, HsmProperties.DEFAULTS);
    }

    /**
     * Starts the HSM's endpoint; provisioning the same live ARM ID again returns the existing HSM.
     *
     * @throws IllegalArgumentException for a non-GUID tenant or admin object ID
     * @throws IllegalStateException when the ARM ID belongs to a soft-deleted HSM (recover it instead)
     */
    @Override
    public synchronized ManagedHsm provision(String armId, String name, String tenantId,
                                             List<String> initialAdminObjectIds, HsmProperties properties) {
        if (closed) {
            throw new IllegalStateException("the HSM fleet is closed");
        }
        requireGuid(tenantId, "tenantId");
        initialAdminObjectIds.forEach(id -> requireGuid(id, "initialAdminObjectIds"));
        EmulatedHsm existing = hsms.get(key(armId));
        if (existing != null) {
            if (!existing.isServing()) {
                throw new IllegalStateException("managed HSM " + armId + " is soft-deleted: recover or purge it first");
            }
            return existing;
        }
        EmulatedHsm hsm = new EmulatedHsm(armId, name, tenantId, initialAdminObjectIds, properties, options, clock,
                keyPairs, tls, requestLog);
        hsms.put(key(armId), hsm);
        return hsm;
    }

    @Override
    public synchronized Optional<ManagedHsm> byArmId(String armId) {
        return Optional.ofNullable(hsms.get(key(armId))).filter(EmulatedHsm::isServing).map(ManagedHsm.class::cast);
    }

    @Override
    public synchronized Optional<ManagedHsm> byUri(URI hsmUri) {
        return hsms.values().stream().filter(EmulatedHsm::isServing)
                .filter(hsm -> sameEndpoint(hsm.uri(), hsmUri)).map(ManagedHsm.class::cast).findFirst();
    }

    private static boolean sameEndpoint(URI served, URI asked) {
        if (asked == null || asked.getHost() == null || !"https".equalsIgnoreCase(asked.getScheme())) {
            return false;
        }
        String host = asked.getHost().equalsIgnoreCase("localhost") ? "127.0.0.1" : asked.getHost();
        return host.equals(served.getHost()) && asked.getPort() == served.getPort();
    }

    @Override
    public synchronized List<ManagedHsm> all() {
        return hsms.values().stream().filter(EmulatedHsm::isServing).map(ManagedHsm.class::cast).toList();
    }

    /** Live and soft-deleted HSMs, for the admin API. */
    public synchronized List<HsmSnapshot> snapshots() {
        return hsms.values().stream().map(EmulatedHsm::snapshot).toList();
    }

    @Override
    public synchronized void softDelete(String armId) {
        Optional.ofNullable(hsms.get(key(armId))).ifPresent(EmulatedHsm::stopServing);
    }

    @Override
    public synchronized void purge(String armId) {
        EmulatedHsm hsm = hsms.remove(key(armId));
        if (hsm != null) {
            hsm.stopServing();
        }
    }

    @Override
    public synchronized Optional<ManagedHsm> recover(String armId) {
        EmulatedHsm hsm = hsms.get(key(armId));
        if (hsm == null) {
            return Optional.empty();
        }
        hsm.resumeServing(options.host(), tls, requestLog);
        return Optional.of(hsm);
    }

    /** Runs due rotations and purges in every HSM, soft-deleted ones included (their clocks keep running). */
    void runDue(Instant now) {
        if (closed) {
            return;
        }
        List<EmulatedHsm> current;
        synchronized (this) {
            current = new ArrayList<>(hsms.values());
        }
        for (EmulatedHsm hsm : current) {
            try {
                hsm.runDue(now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "scheduled work failed in managed HSM " + hsm.name(), e);
            }
        }
    }

    /** The earliest rotation or purge after {@code now} in any HSM, soft-deleted ones included. */
    Optional<Instant> nextDueAfter(Instant now) {
        if (closed) {
            return Optional.empty();
        }
        List<EmulatedHsm> current;
        synchronized (this) {
            current = new ArrayList<>(hsms.values());
        }
        return current.stream().map(hsm -> hsm.nextDueAfter(now)).flatMap(Optional::stream).min(Instant::compareTo);
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        keyPairs.close();
        synchronized (this) {
            hsms.values().forEach(EmulatedHsm::stopServing);
        }
    }

    private static String key(String armId) {
        return armId.toLowerCase(Locale.ROOT);
    }

    private static void requireGuid(String value, String what) {
        if (value == null || !GUID.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be a GUID, got: " + value);
        }
    }
}
