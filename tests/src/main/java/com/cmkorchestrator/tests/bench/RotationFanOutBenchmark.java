package com.cmkorchestrator.tests.bench;

import com.cmkorchestrator.app.BindingService;
import com.cmkorchestrator.app.RotationService;
import com.cmkorchestrator.app.StoredBinding;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.IdentitySpec;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.RotationPolicySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.devhost.LocalEnvironment;
import com.cmkorchestrator.emulator.EmulatorOptions;
import com.cmkorchestrator.emulator.faults.FaultSettings;
import com.cmkorchestrator.emulator.inspect.RequestLog;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * How fast one rotation reaches N pinned storage accounts, against the emulator with ARM throttling on (Azure's
 * published buckets: reads 250 + 25/s, writes 200 + 10/s, per subscription and per principal). Binds N accounts to
 * one key, rotates it through the app, and times until every binding is verified on the new version, with the
 * development host's queue listener doing the work (8 at a time, as the Functions host does per instance).
 *
 * <p>Run: {@code bash tests/benchmark.sh [N]} (default 100). Prints bindings/s and the 429 answers ARM gave.
 */
public final class RotationFanOutBenchmark {

    private static final String KEY = "bench-key";
    /** Azure rotates on demand only keys that have a policy. */
    private static final RotationPolicySpec POLICY = new RotationPolicySpec(Period.ofDays(90), Period.ofDays(180),
            Period.ofDays(30));

    private RotationFanOutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        // the functions log every pass; the figures are what this prints
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        Arrays.stream(root.getHandlers()).forEach(handler -> handler.setLevel(Level.WARNING));
        Path state = Files.createTempDirectory("cmk-bench");
        EmulatorOptions emulator = EmulatorOptions.forTests(state)
                .withFaults(FaultSettings.defaults().withThrottling(true));
        try (LocalEnvironment environment = LocalEnvironment.start(new LocalEnvironment.Options(emulator, 0, false,
                null, Optional.empty(), new PrintStream(OutputStream.nullOutputStream())))) {
            run(environment, count);
        }
    }

    private static void run(LocalEnvironment environment, int count) throws InterruptedException {
        System.out.printf(Locale.ROOT, "fan-out benchmark: %d pinned storage bindings on one key, ARM throttling on%n",
                count);
        List<String> names = IntStream.range(0, count).mapToObj(i -> String.format(Locale.ROOT, "bench-%04d", i)).toList();
        StorageAccounts accounts = new StorageAccounts(environment);
        names.forEach(name -> accounts.create(name.replace("-", "")));
        // creating the accounts spent the subscription's ARM buckets, which the app cannot see: a minute of emulated
        // time fills them again, so the figures are the app's own
        environment.emulator().clock().advance(Duration.ofMinutes(1));

        Phase bind = new Phase(environment, "initial binding", count);
        BindingService bindings = environment.graph().bindings();
        for (String name : names) {
            bindings.declare(binding(environment, name), Optional.empty());
        }
        bind.awaitAll(names, null);
        bind.print();

        Phase rotate = new Phase(environment, "rotation fan-out", count);
        RotationService.Rotation rotation = environment.graph().rotations()
                .rotateNow(LocalEnvironment.HSM_NAME, KEY);
        rotate.awaitAll(names, rotation.version());
        rotate.print();
    }

    private static Binding binding(LocalEnvironment environment, String name) {
        ArmId account = ArmId.resource(environment.seeded().subscriptionId(), environment.seeded().resourceGroup(),
                "Microsoft.Storage/storageAccounts", name.replace("-", ""));
        return new Binding(name, environment.seeded().hsm(), KeySpec.rsa(KEY, 2048).withRotationPolicy(POLICY),
                IdentitySpec.create(environment.seeded().resourceGroup(), "id-bench"), account, VersionPolicy.PINNED);
    }

    /** One timed phase: the queue worked until every binding is verified (on {@code version}, when given). */
    private static final class Phase {
        private final LocalEnvironment environment;
        private final String name;
        private final int count;
        private final long mark;
        private final long started = System.nanoTime();
        private long elapsed;

        Phase(LocalEnvironment environment, String name, int count) {
            this.environment = environment;
            this.name = name;
            this.count = count;
            this.mark = environment.emulator().requestLog().mark();
        }

        void awaitAll(List<String> names, String version) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (System.nanoTime() < deadline) {
                environment.host().drainQueue();
                if (names.stream().allMatch(binding -> done(binding, version))) {
                    elapsed = System.nanoTime() - started;
                    return;
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException(name + ": not every binding was verified within 30 minutes");
        }

        private boolean done(String binding, String version) {
            return environment.graph().stores().bindings().get(binding).map(StoredBinding::of)
                    .flatMap(StoredBinding::lastStatus)
                    .filter(status -> status.isReady())
                    .filter(status -> version == null
                            || status.versionInUse(KeySlot.STORAGE_ENCRYPTION).orElse("").equals(version))
                    .isPresent();
        }

        void print() {
            List<RequestLog.Entry> requests = environment.emulator().requestLog().since(mark);
            long arm = requests.stream().filter(e -> e.surface().equals("arm")).count();
            long armWrites = requests.stream().filter(e -> e.surface().equals("arm") && e.isWrite()).count();
            long throttled = requests.stream().filter(e -> e.status() == 429).count();
            long throttledWrites = requests.stream().filter(e -> e.status() == 429 && e.isWrite()).count();
            long hsm = requests.stream().filter(e -> !e.surface().equals("arm") && !e.surface().equals("admin")).count();
            double seconds = elapsed / 1e9;
            System.out.printf(Locale.ROOT, "%-17s %5d bindings in %7.2f s = %7.2f bindings/s; ARM requests %6d"
                            + " (writes %5d), 429 answers %5d (to writes %4d); HSM requests %6d%n",
                    name, count, seconds, count / seconds, arm, armWrites, throttled, throttledWrites, hsm);
        }
    }
}
