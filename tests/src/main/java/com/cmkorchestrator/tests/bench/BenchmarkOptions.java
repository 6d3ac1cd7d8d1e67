package com.cmkorchestrator.tests.bench;

import com.cmkorchestrator.tests.scale.FleetPlan;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What {@code bash tests/benchmark.sh} measures. A bare number is {@code --bindings}, so {@code benchmark.sh 1000}
 * still means "one rotation fanned out to 1000 pinned storage bindings".
 *
 * @param bindings          how many bindings ({@code --bindings}, default 100)
 * @param mix               {@code storage:des:databricks} ({@code --mix}, default {@code 1:0:0})
 * @param hosts             development hosts, each its own JVM ({@code --hosts}, default 1)
 * @param keys              at least this many keys ({@code --keys}, default 1; more when Databricks needs them)
 * @param latency           real time the emulator adds to every ARM answer while measuring ({@code --latency},
 *                          ISO-8601)
 * @param operationDuration emulated time of DES and Databricks long-running operations ({@code --operation-duration})
 * @param timeScale         emulated seconds per real second ({@code --time-scale}, default 1)
 * @param sweep             measure one health sweep instead of a rotation ({@code --sweep})
 */
record BenchmarkOptions(int bindings, String mix, int hosts, int keys, String latency, String operationDuration,
                        double timeScale, boolean sweep) {

    /** The emulator's default: grants take effect after 30 s (emulated). */
    static final Duration ROLE_PROPAGATION = Duration.ofSeconds(30);
    static final String USAGE = "bash tests/benchmark.sh [N] [--bindings N] [--mix storage:des:databricks] [--hosts H]"
            + " [--keys K] [--latency PT0.2S] [--operation-duration PT30S] [--time-scale X] [--sweep]";

    static BenchmarkOptions parse(String... args) {
        int bindings = 100;
        String mix = "1:0:0";
        int hosts = 1;
        int keys = 1;
        String latency = "PT0S";
        String operationDuration = "PT0S";
        double timeScale = 1;
        boolean sweep = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--bindings" -> bindings = Integer.parseInt(value(args, ++i, arg));
                case "--mix" -> mix = value(args, ++i, arg);
                case "--hosts" -> hosts = Integer.parseInt(value(args, ++i, arg));
                case "--keys" -> keys = Integer.parseInt(value(args, ++i, arg));
                case "--latency" -> latency = value(args, ++i, arg);
                case "--operation-duration" -> operationDuration = value(args, ++i, arg);
                case "--time-scale" -> timeScale = Double.parseDouble(value(args, ++i, arg));
                case "--sweep" -> sweep = true;
                default -> {
                    if (!arg.matches("[0-9]+")) {
                        throw new IllegalArgumentException("unknown option " + arg + "; usage: " + USAGE);
                    }
                    bindings = Integer.parseInt(arg);
                }
            }
        }
        if (bindings < 1 || hosts < 1 || hosts > 8 || keys < 1 || !(timeScale > 0)) {
            throw new IllegalArgumentException("need at least 1 binding and key, 1-8 hosts and a positive time scale; "
                    + "usage: " + USAGE);
        }
        FleetPlan.Mix.of(bindings, mix); // fails early on a malformed mix
        return new BenchmarkOptions(bindings, mix, hosts, keys, latency, operationDuration, timeScale, sweep);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value; usage: " + USAGE);
        }
        return args[index];
    }

    /** The emulator's flags for this run; the latency is a fault, set for the measured phase only. */
    List<String> emulatorFlags() {
        return List.of("--operation-duration", operationDuration, "--time-scale",
                String.format(Locale.ROOT, "%s", timeScale), "--role-propagation", ROLE_PROPAGATION.toString());
    }

    FleetPlan plan() {
        return FleetPlan.of("bench", FleetPlan.Mix.of(bindings, mix), keys);
    }
}
