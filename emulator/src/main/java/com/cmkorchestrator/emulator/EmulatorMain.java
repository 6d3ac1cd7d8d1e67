package com.cmkorchestrator.emulator;

import com.cmkorchestrator.emulator.faults.FaultSettings;
import com.cmkorchestrator.emulator.ratelimit.ArmRateLimits;
import com.cmkorchestrator.emulator.ratelimit.BucketSize;
import com.cmkorchestrator.emulator.ratelimit.OperationClass;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar emulator/target/cmk-emulator.jar [flags]}: starts the emulator in the foreground.
 * The first line on stdout is one JSON object saying how to reach and trust it (endpoints, trust
 * store, tenant, subscription, credential); everything else goes to stderr. Ctrl-C stops it.
 */
@Command(name = "cmk-emulator", mixinStandardHelpOptions = true,
        description = "Local Azure for cmk-orchestrator: ARM, Managed HSM data planes and Event Grid over HTTPS.")
public final class EmulatorMain implements Callable<Integer> {

    @Option(names = "--arm-port", description = "ARM / Event Grid / admin port (0 = any free port). Default: ${DEFAULT-VALUE}")
    int armPort = 8443;

    @Option(names = "--state-dir", description = "Where the trust store is written. Default: ${DEFAULT-VALUE}")
    Path stateDirectory = Path.of("target", "cmk-emulator");

    @Option(names = "--tenant", description = "Tenant ID. Default: ${DEFAULT-VALUE}")
    String tenantId = EmulatorOptions.DEFAULT_TENANT;

    @Option(names = "--subscription", description = "Subscription ID. Default: ${DEFAULT-VALUE}")
    String subscriptionId = EmulatorOptions.DEFAULT_SUBSCRIPTION;

    @Option(names = "--hsm-provisioning", description = "Emulated time a Managed HSM stays Provisioning (ISO-8601). Default: ${DEFAULT-VALUE}")
    Duration hsmProvisioning = Duration.ofMinutes(2);

    @Option(names = "--role-propagation", description = "Emulated time before a local RBAC grant takes effect. Default: ${DEFAULT-VALUE}")
    Duration rolePropagation = Duration.ofSeconds(30);

    @Option(names = "--operation-duration", description = "Emulated time of ARM's other long-running operations (0 = synchronous). Default: ${DEFAULT-VALUE}")
    Duration operationDuration = Duration.ZERO;

    @Option(names = "--time-scale", description = "Emulated seconds per real second. Default: ${DEFAULT-VALUE}")
    double timeScale = 1.0;

    @Option(names = "--max-poll-interval", description = "Longest Retry-After of a long-running operation (real). Default: ${DEFAULT-VALUE}")
    Duration maxPollInterval = Duration.ofSeconds(5);

    @Option(names = "--databricks-app-oid", description = "Object ID of the AzureDatabricks app. Default: ${DEFAULT-VALUE}")
    String databricksAppObjectId = EmulatorOptions.DEFAULT_DATABRICKS_APP_OBJECT_ID;

    @Option(names = "--no-validation-handshake", description = "Create Event Grid subscriptions without the validation handshake.")
    boolean noHandshake;

    @Option(names = "--event-delivery-timeout", description = "Real time a webhook may take to answer. Default: ${DEFAULT-VALUE}")
    Duration eventDeliveryTimeout = Duration.ofSeconds(30);

    @Option(names = "--throttling", arity = "1", description = "ARM token-bucket throttling on|off (true|false). Default: ${DEFAULT-VALUE}")
    boolean throttling = true;

    @Option(names = "--arm-reads", description = "ARM reads bucket per subscription and principal, <size>/<refill per second>. Default: ${DEFAULT-VALUE}")
    BucketSize armReads = ArmRateLimits.azure().reads();

    @Option(names = "--arm-writes", description = "ARM writes bucket per subscription and principal. Default: ${DEFAULT-VALUE}")
    BucketSize armWrites = ArmRateLimits.azure().writes();

    @Option(names = "--arm-deletes", description = "ARM deletes bucket per subscription and principal. Default: ${DEFAULT-VALUE}")
    BucketSize armDeletes = ArmRateLimits.azure().deletes();

    @Option(names = "--arm-global-factor", description = "The subscription's global bucket, in principal buckets. Default: ${DEFAULT-VALUE}")
    int armGlobalFactor = ArmRateLimits.azure().globalFactor();

    @Option(names = "--compute-disk-reads", description = "Compute's disk encryption set reads policy, <per 3 min>/<per 30 min>. Default: ${DEFAULT-VALUE}")
    String computeDiskReads = ArmRateLimits.azure().diskReads().toString();

    @Option(names = "--compute-disk-writes", description = "Compute's disk encryption set writes policy. Default: ${DEFAULT-VALUE}")
    String computeDiskWrites = ArmRateLimits.azure().diskWrites().toString();

    @Option(names = "--compute-disk-deletes", description = "Compute's disk encryption set deletes policy. Default: ${DEFAULT-VALUE}")
    String computeDiskDeletes = ArmRateLimits.azure().diskDeletes().toString();

    @Option(names = "--page-size", description = "Resources per page of an ARM list. Default: ${DEFAULT-VALUE}")
    int pageSize = EmulatorOptions.DEFAULT_LIST_PAGE_SIZE;

    @Option(names = "--server-error-rate", description = "Share of ARM requests answered 500/503 (0..1). Default: ${DEFAULT-VALUE}")
    double serverErrorRate;

    @Option(names = "--seed", description = "Seed of the injected faults. Default: ${DEFAULT-VALUE}")
    long seed = 42;

    @Option(names = "--latency", description = "Real time added to each ARM answer (ISO-8601). Default: ${DEFAULT-VALUE}")
    Duration latency = Duration.ZERO;

    @Option(names = "--event-duplication-rate", description = "Share of event deliveries sent twice (0..1). Default: ${DEFAULT-VALUE}")
    double eventDuplicationRate;

    @Option(names = "--event-reordering", description = "Deliver events that are due together newest first.")
    boolean eventReordering;

    public static void main(String[] args) {
        System.exit(commandLine(new EmulatorMain()).execute(args));
    }

    /** The command line over {@code main}'s options, with the converters of its own types. */
    static CommandLine commandLine(EmulatorMain main) {
        CommandLine command = new CommandLine(main);
        command.registerConverter(Duration.class, EmulatorMain::duration);
        command.registerConverter(BucketSize.class, BucketSize::parse);
        return command;
    }

    /** ISO-8601 ({@code PT2M}) or plain seconds ({@code 120}). */
    static Duration duration(String value) {
        return value.matches("\\d+(\\.\\d+)?") ? Duration.ofMillis((long) (Double.parseDouble(value) * 1000))
                : Duration.parse(value);
    }

    EmulatorOptions options() {
        FaultSettings faults = new FaultSettings(throttling, serverErrorRate, seed, latency, eventDuplicationRate,
                eventReordering);
        return new EmulatorOptions("127.0.0.1", armPort, stateDirectory, tenantId, subscriptionId, hsmProvisioning,
                rolePropagation).toBuilder().operationDuration(operationDuration).timeScale(timeScale)
                .maxPollInterval(maxPollInterval).databricksAppObjectId(databricksAppObjectId).validationHandshake(!noHandshake)
                .eventDeliveryTimeout(eventDeliveryTimeout).faults(faults).rateLimits(rateLimits()).listPageSize(pageSize)
                .build();
    }

    ArmRateLimits rateLimits() {
        return ArmRateLimits.azure().withReads(armReads).withWrites(armWrites).withDeletes(armDeletes)
                .withGlobalFactor(armGlobalFactor).withDiskCounts(OperationClass.READS, computeDiskReads)
                .withDiskCounts(OperationClass.WRITES, computeDiskWrites).withDiskCounts(OperationClass.DELETES, computeDiskDeletes);
    }

    @Override
    public Integer call() throws InterruptedException {
        Emulator emulator = Emulator.start(options());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "emulator-shutdown"));
        System.out.println(emulator.info().toString());
        System.out.flush();
        System.err.println("cmk-emulator listening on " + emulator.armEndpoint() + " (admin API " + emulator.adminEndpoint()
                + "); Ctrl-C stops it.");
        stopped.await();
        return 0;
    }
}
