package com.cmkorchestrator.tests.bench;

import com.cmkorchestrator.devhost.EmulatorAdminApi;
import com.cmkorchestrator.tests.scale.FleetDriver;
import com.cmkorchestrator.tests.scale.FleetPlan;
import com.cmkorchestrator.tests.scale.ScaledOutRun;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code bash tests/benchmark.sh [options]}: the app scaled out over {@code --hosts} development hosts (each its own
 * JVM, attached to one emulator process, sharing one Azurite), a fleet of pinned bindings of the {@code --mix} of
 * kinds, made and verified first with ARM throttling off, no added latency and operations that end at once; then,
 * with {@code --operation-duration} for ARM's long-running operations and ARM throttling on at
 * Azure's published numbers and the {@code --latency} on every ARM answer,
 * either one rotation of every key ({@link RotationFigures}) or one health sweep ({@code --sweep},
 * {@link SweepFigures}). Every figure is counted from the emulator's request log and clock, so it measures whichever
 * engine the hosts run.
 */
public final class ScaleBenchmark {

    /**
     * Azurite's well-known development account key, published in Azurite's documentation; it opens nothing but a
     * local emulator and belongs only in test and local-run code.
     */
    private static final String AZURITE_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    /** After setting up: long enough for every token bucket (ARM's, and any a host keeps) to fill again. */
    private static final Duration REFILL = Duration.ofSeconds(25);
    private static final Duration SETUP = Duration.ofHours(2);

    private ScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        FleetPlan plan = options.plan();
        FleetPlan.Mix mix = FleetPlan.Mix.of(options.bindings(), options.mix());
        System.out.printf(Locale.ROOT, "scale benchmark: %d pinned bindings (%d storage, %d disk encryption sets, %d "
                        + "Databricks) on %d keys, %d host(s); ARM latency %s, operations %s, time scale %s%n",
                plan.bindings().size(), mix.storage(), mix.diskEncryptionSets(), mix.workspaces(), plan.keys(),
                options.hosts(), options.latency(), options.operationDuration(), options.timeScale());
        quietLogs();
        Path dir = Files.createTempDirectory("cmk-bench");
        String run = "b" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (ScaledOutRun scaledOut = ScaledOutRun.start(dir, options.hosts(), azurite(), run, "q-" + run,
                options.emulatorFlags(), List.of("-Xmx1g"))) {
            EmulatorAdminApi emulator = scaledOut.emulator().admin();
            FleetDriver fleet = setUp(scaledOut, plan, options.operationDuration());
            faults(emulator, true, options.latency());
            // every bucket (ARM's, and any a host keeps) fills again, and the last grants of the setup take effect
            Thread.sleep(Math.max(REFILL.toMillis(), (long) (BenchmarkOptions.ROLE_PROPAGATION.toMillis()
                    / options.timeScale()) + 5_000));
            if (options.sweep()) {
                SweepFigures.measure(scaledOut, plan).print(System.out);
            } else {
                RotationFigures.measure(scaledOut, fleet, plan).print(System.out);
            }
        }
        System.out.println("(processes' output in " + dir + ")");
    }

    /** The SDK's own lines (the seeding's clients) would bury the figures. */
    private static void quietLogs() {
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        Arrays.stream(root.getHandlers()).forEach(handler -> handler.setLevel(Level.WARNING));
    }

    /**
     * The fleet made, declared and verified, with ARM throttling off: the setup is not what is measured. The platform
     * team's resources are made with operations that end at once (with 30 s operations, making 667 disk encryption
     * sets and workspaces alone took 10 minutes); the app's own binds run with {@code operationDuration}, so that the
     * hosts learn, as they would have in Azure, which writes run long and for how long.
     */
    private static FleetDriver setUp(ScaledOutRun scaledOut, FleetPlan plan, String operationDuration) {
        EmulatorAdminApi emulator = scaledOut.emulator().admin();
        faults(emulator, false, "PT0S");
        operationDuration(emulator, "PT0S");
        long started = System.nanoTime();
        // many at once: with long-running operations each creation waits for its own
        FleetSeeder seeder = new FleetSeeder(emulator, 48);
        seeder.build(plan);
        long made = System.nanoTime();
        operationDuration(emulator, operationDuration);
        FleetDriver fleet = new FleetDriver(scaledOut, plan, seeder.subscriptionId());
        fleet.declareAll();
        fleet.awaitVerified(null, SETUP);
        System.out.printf(Locale.ROOT, "setup (ARM throttling off): resources made in %.1f s, every binding verified"
                + " %.1f s later (real)%n", (made - started) / 1e9, (System.nanoTime() - made) / 1e9);
        return fleet;
    }

    private static void operationDuration(EmulatorAdminApi emulator, String duration) {
        emulator.call("PUT", "timing", new ObjectMapper().createObjectNode().put("operationDuration", duration));
    }

    private static void faults(EmulatorAdminApi emulator, boolean throttling, String latency) {
        emulator.call("PUT", "faults", new ObjectMapper().createObjectNode().put("throttling", throttling)
                .put("latency", latency));
    }

    /** The Azurite {@code tests/benchmark.sh} started (or the one the environment names). */
    private static String azurite() {
        String table = System.getenv("AZURITE_TABLE_ENDPOINT");
        String queue = System.getenv("AZURITE_QUEUE_ENDPOINT");
        if (table == null || queue == null) {
            throw new IllegalStateException("set AZURITE_TABLE_ENDPOINT and AZURITE_QUEUE_ENDPOINT (tests/azurite.sh"
                    + " does; tests/benchmark.sh starts one)");
        }
        String blob = System.getenv("AZURITE_BLOB_ENDPOINT");
        return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AZURITE_KEY
                + ";TableEndpoint=" + table + ";QueueEndpoint=" + queue + ";"
                + (blob == null ? "" : "BlobEndpoint=" + blob + ";");
    }
}
