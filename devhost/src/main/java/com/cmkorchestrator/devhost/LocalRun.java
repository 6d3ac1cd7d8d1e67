package com.cmkorchestrator.devhost;

import com.cmkorchestrator.emulator.EmulatorOptions;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar devhost/target/cmk-devhost.jar}: the app against the emulator, on {@code http://localhost:7071}.
 * Options: {@code --port <n>} (7071), {@code --emulator-port <n>} (8443), {@code --time-scale <x>} (emulated
 * seconds per real second, 1), {@code --role-propagation <ISO-8601>} (emulated delay before a Managed HSM grant takes
 * effect, {@code PT0S}), {@code --no-timers}. Set {@code CMK_STORAGE_CONNECTION_STRING} to keep the state in
 * Azurite instead of memory. Stops on Ctrl-C.
 */
public final class LocalRun {

    private LocalRun() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        int port = 7071;
        int emulatorPort = 8443;
        double timeScale = 1;
        boolean timers = true;
        Duration propagation = Duration.ZERO;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--emulator-port" -> emulatorPort = Integer.parseInt(value(args, ++i, "--emulator-port"));
                case "--time-scale" -> timeScale = Double.parseDouble(value(args, ++i, "--time-scale"));
                case "--no-timers" -> timers = false;
                case "--role-propagation" -> propagation = Duration.parse(value(args, ++i, "--role-propagation"));
                default -> {
                    System.err.println("unknown option " + args[i]
                            + "; options: --port <n> --emulator-port <n> --time-scale <x> --role-propagation <ISO-8601>"
                            + " --no-timers");
                    System.exit(2);
                }
            }
        }
        EmulatorOptions emulator = new EmulatorOptions("127.0.0.1", emulatorPort, Path.of("target", "cmk-local-run"),
                EmulatorOptions.DEFAULT_TENANT, EmulatorOptions.DEFAULT_SUBSCRIPTION, Duration.ofMinutes(2),
                propagation).withTimeScale(timeScale);
        Optional<String> storage = Optional.ofNullable(System.getenv("CMK_STORAGE_CONNECTION_STRING"))
                .filter(value -> !value.isBlank());
        LocalEnvironment environment = LocalEnvironment.start(new LocalEnvironment.Options(emulator, port, timers,
                Duration.ofSeconds(1), storage, out));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("[local] stopping");
            environment.close();
            stopped.countDown();
        }));
        printWalkthrough(environment, out);
        stopped.await();
    }

    private static void printWalkthrough(LocalEnvironment environment, PrintStream out) {
        String api = environment.host().baseUri() + "api";
        String admin = environment.emulator().adminEndpoint().toString();
        SeededAzure seeded = environment.seeded();
        out.println();
        out.println("Ready. Managed HSM " + seeded.hsmName() + " is active at " + seeded.hsmUri() + "; targets:");
        out.println("  " + seeded.storageAccount());
        out.println("  " + seeded.diskEncryptionSet());
        out.println("  " + seeded.databricksWorkspace());
        out.println("Try (the walkthrough in examples/README.md):");
        out.println("  curl -s -X POST " + api + "/bindings -H 'Content-Type: application/json' -d @examples/storage-binding.json");
        out.println("  curl -s " + api + "/bindings/orders-storage");
        out.println("  curl -s -X POST " + api + "/keys/" + seeded.hsmName() + "/orders-cmk/rotate");
        out.println("  open " + api + "/dashboard");
        out.println("  curl -sk -X POST " + admin + "clock/advance -d '{\"duration\":\"P90D\"}'   # emulated time");
        out.println("  curl -s -X POST " + environment.host().baseUri() + "admin/functions/HsmEventBridge   # run the bridge now");
        out.println("Ctrl-C stops everything; the state is in memory and goes with it.");
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return args[index];
    }
}
