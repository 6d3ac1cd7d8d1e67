package com.cmkorchestrator.devhost;

import com.cmkorchestrator.config.AppSettings;
import com.cmkorchestrator.emulator.EmulatorOptions;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code java -jar devhost/target/cmk-devhost.jar}: the app against the emulator, on {@code http://localhost:7071}.
 * Options: {@code --port <n>} (7071), {@code --emulator-port <n>} (8443), {@code --time-scale <x>} (emulated
 * seconds per real second, 1), {@code --role-propagation <ISO-8601>} (emulated delay before a Managed HSM grant takes
 * effect, {@code PT0S}), {@code --no-timers}; or, instead of an emulator of its own, {@code --attach <first line>}
 * (an emulator another process runs: its first line on stdout, or a file holding it) with {@code --instance <name>}
 * (the lease holder name; default host name and a random suffix). Set {@code CMK_STORAGE_CONNECTION_STRING} to keep
 * the state in Azurite instead of memory ({@code CMK_STATE_TABLE_PREFIX} and {@code CMK_RECONCILE_QUEUE} name its
 * tables and queue). Stops on Ctrl-C.
 */
public final class LocalRun {

    private LocalRun() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        AtomicReference<Clock> emulatedTime = new AtomicReference<>();
        LocalLogFormat.install(emulatedTime);
        int port = 7071;
        int emulatorPort = 8443;
        double timeScale = 1;
        boolean timers = true;
        Duration propagation = Duration.ZERO;
        String attach = null;
        String instance = null;
        List<String> ownEmulatorOptions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--emulator-port" -> emulatorPort = Integer.parseInt(value(args, ++i, ownEmulatorOptions,
                        "--emulator-port"));
                case "--time-scale" -> timeScale = Double.parseDouble(value(args, ++i, ownEmulatorOptions,
                        "--time-scale"));
                case "--no-timers" -> timers = false;
                case "--role-propagation" -> propagation = Duration.parse(value(args, ++i, ownEmulatorOptions,
                        "--role-propagation"));
                case "--attach" -> attach = value(args, ++i, "--attach");
                case "--instance" -> instance = value(args, ++i, "--instance");
                default -> {
                    System.err.println("unknown option " + args[i]
                            + "; options: --port <n> --emulator-port <n> --time-scale <x> --role-propagation <ISO-8601>"
                            + " --no-timers --attach <emulator's first line, or a file holding it> --instance <name>");
                    System.exit(2);
                }
            }
        }
        if (attach != null && !ownEmulatorOptions.isEmpty()) {
            System.err.println(String.join(", ", ownEmulatorOptions) + " set(s) the emulator this host would start;"
                    + " with --attach the running emulator's own flags decide");
            System.exit(2);
        }
        Optional<String> storage = Optional.ofNullable(System.getenv("CMK_STORAGE_CONNECTION_STRING"))
                .filter(value -> !value.isBlank());
        Duration queuePoll = Duration.ofSeconds(1);
        LocalEnvironment environment;
        if (attach != null) {
            environment = LocalEnvironment.attach(new LocalEnvironment.Attach(attach, new LocalEnvironment.Host(port,
                    timers, queuePoll, storage, instance, stateNames(), out)));
        } else {
            EmulatorOptions emulator = new EmulatorOptions("127.0.0.1", emulatorPort,
                    Path.of("target", "cmk-local-run"), EmulatorOptions.DEFAULT_TENANT, EmulatorOptions.DEFAULT_SUBSCRIPTION, Duration.ofMinutes(2),
                    propagation).withTimeScale(timeScale);
            environment = LocalEnvironment.start(new LocalEnvironment.Options(emulator, port, timers, queuePoll,
                    storage, out));
        }
        emulatedTime.set(environment.clock());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("[local] stopping");
            environment.close();
            stopped.countDown();
        }));
        printWalkthrough(environment, out);
        out.println(timings(environment.times()));
        stopped.await();
    }

    /**
     * The phases up to {@code Ready} and their times. {@code devhost/run.sh} passes when it started and how long its
     * build took ({@code CMK_LOCAL_RUN_STARTED_MS}, {@code CMK_LOCAL_RUN_BUILD}), so the total is the user's wait.
     */
    static String timings(LocalEnvironment.StartupTimes times) {
        long now = System.currentTimeMillis();
        StringBuilder line = new StringBuilder("Ready");
        Optional.ofNullable(System.getenv("CMK_LOCAL_RUN_STARTED_MS")).filter(value -> value.matches("[0-9]+"))
                .map(Long::parseLong).ifPresent(ms -> line.append(" in ").append(seconds(Duration.ofMillis(now - ms))));
        line.append(": ");
        Optional.ofNullable(System.getenv("CMK_LOCAL_RUN_BUILD")).filter(value -> !value.isBlank())
                .ifPresent(build -> line.append("build ").append(build).append(", "));
        Duration phases = times.emulator().plus(times.seeding()).plus(times.host());
        Duration sinceJvmStart = Duration.ofMillis(now - ManagementFactory.getRuntimeMXBean().getStartTime());
        return line.append("JVM start ").append(seconds(sinceJvmStart.minus(phases)))
                .append(", emulator start ").append(seconds(times.emulator()))
                .append(", seeding ").append(seconds(times.seeding()))
                .append(", host start ").append(seconds(times.host())).toString();
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", Math.max(0, duration.toMillis()) / 1000.0);
    }

    private static void printWalkthrough(LocalEnvironment environment, PrintStream out) {
        String api = environment.host().baseUri() + "api";
        String admin = environment.emulatorAdminEndpoint().toString();
        SeededAzure seeded = environment.seeded();
        out.println();
        out.println("Managed HSM " + seeded.hsmName() + " is active at " + seeded.hsmUri() + "; targets:");
        out.println("  " + seeded.storageAccount());
        out.println("  " + seeded.diskEncryptionSet());
        out.println("  " + seeded.databricksWorkspace());
        out.println("Try (the walkthrough in examples/README.md, with PORT=" + environment.host().baseUri().getPort()
                + "):");
        out.println("  curl -s -X POST " + api + "/bindings -H 'Content-Type: application/json' -d @examples/storage-binding.json");
        out.println("  curl -s " + api + "/bindings/orders-storage");
        out.println("  curl -s -X POST " + api + "/keys/" + seeded.hsmName() + "/orders-cmk/rotate");
        out.println("  open " + api + "/dashboard");
        out.println("  curl -sk -X POST " + admin + "clock/advance -d '{\"duration\":\"P90D\"}'   # emulated time");
        out.println("  curl -s -X POST " + environment.host().baseUri() + "admin/functions/HsmEventBridge   # run the bridge now");
        out.println("Log lines show the real time and, labelled, the emulated time the API and the dashboard use.");
        out.println(System.getenv("CMK_STORAGE_CONNECTION_STRING") == null
                ? "Ctrl-C stops everything; the state is in memory and goes with it."
                : "Ctrl-C stops this host; the state stays in Azure Table and Queue storage.");
    }

    /** The state's table prefix and queue from the environment, so that hosts sharing an Azurite agree on them. */
    private static Map<String, String> stateNames() {
        Map<String, String> names = new LinkedHashMap<>();
        for (String setting : List.of(AppSettings.CMK_STATE_TABLE_PREFIX, AppSettings.CMK_RECONCILE_QUEUE)) {
            Optional.ofNullable(System.getenv(setting)).filter(value -> !value.isBlank())
                    .ifPresent(value -> names.put(setting, value));
        }
        return names;
    }

    private static String value(String[] args, int index, List<String> seen, String option) {
        seen.add(option);
        return value(args, index, option);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return args[index];
    }
}
