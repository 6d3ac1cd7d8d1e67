package com.cmkorchestrator.tests.bench;

import com.cmkorchestrator.devhost.EmulatorAdminApi;
import com.cmkorchestrator.tests.scale.AzureRequests;
import com.cmkorchestrator.tests.scale.FleetDriver;
import com.cmkorchestrator.tests.scale.FleetPlan;
import com.cmkorchestrator.tests.scale.ScaledOutRun;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One rotation of every key of the fleet, with ARM throttling on: how long until every binding is verified on its
 * key's new version against ARM's write floor, and what it cost in ARM and HSM requests. Times are on the emulator's
 * clock (emulated seconds; real seconds times the time scale), as ARM's buckets refill on it.
 *
 * @param rebinds          writes needed: every binding is pinned, so each moves once
 * @param elapsed          from the first rotation to the last verifying pass, emulated
 * @param realTime         from the first rotation until the benchmark saw every binding verified, real
 * @param duplicates       keys and role assignments created more than once over the whole run
 */
record RotationFigures(int rebinds, Instant start, Duration elapsed, Duration realTime, AzureRequests requests,
                       Map<String, Long> duplicates) {

    /** ARM's write bucket per subscription and principal: 200 at once, then 10 a second (azure-facts 8). */
    private static final int WRITE_BURST = 200;
    private static final double WRITE_REFILL = 10;
    private static final Duration LONGEST = Duration.ofHours(2);

    static RotationFigures measure(ScaledOutRun run, FleetDriver fleet, FleetPlan plan) {
        EmulatorAdminApi emulator = run.emulator().admin();
        long mark = AzureRequests.mark(emulator);
        Instant start = Instant.parse(emulator.call("GET", "clock", null).path("now").asText());
        long started = System.nanoTime();
        Map<Integer, String> versions = fleet.rotateAll();
        FleetDriver.AllVerified verified = fleet.awaitVerified(versions, LONGEST);
        long end = AzureRequests.mark(emulator);
        AzureRequests all = AzureRequests.since(emulator, 0);
        Map<String, Long> duplicates = new TreeMap<>(AzureRequests.repeated(all.keyCreations()));
        duplicates.putAll(AzureRequests.repeated(all.roleAssignmentCreations()));
        return new RotationFigures(plan.bindings().size(), start, Duration.between(start, verified.lastVerifiedAt()),
                verified.since(started), AzureRequests.since(emulator, mark).until(end), duplicates);
    }

    /** Emulated seconds from the first rotation to {@code at}, or "-" when nothing happened. */
    private String secondsAfterStart(Optional<Instant> at) {
        return at.map(t -> String.format(Locale.ROOT, "%.1f", Duration.between(start, t).toMillis() / 1000.0))
                .orElse("-");
    }

    /** {@code (writes needed - 200) / 10} seconds: ARM lets no faster, whoever writes. */
    double floorSeconds() {
        return Math.max(0, (rebinds - WRITE_BURST) / WRITE_REFILL);
    }

    void print(PrintStream out) {
        double seconds = elapsed.toMillis() / 1000.0;
        long writes = requests.armWrites();
        out.printf(Locale.ROOT, "rotation of every key, ARM throttling on (emulated seconds):%n");
        out.printf(Locale.ROOT, "  time to all Verified          %9.1f s (real %.1f s)%n", seconds,
                realTime.toMillis() / 1000.0);
        out.printf(Locale.ROOT, "  ARM write floor               %9.1f s = (%d writes needed - %d) / %.0f%n",
                floorSeconds(), rebinds, WRITE_BURST, WRITE_REFILL);
        out.printf(Locale.ROOT, "  ratio                         %9s%n", floorSeconds() == 0 ? "n/a (within the burst)"
                : String.format(Locale.ROOT, "%.2f", seconds / floorSeconds()));
        out.printf(Locale.ROOT, "  last write taken              %9s s (the last that begins an operation: %s s)%n",
                secondsAfterStart(requests.lastArmWriteAt()), secondsAfterStart(requests.lastArmWriteAt(
                        "/Microsoft.Compute/", "/Microsoft.Databricks/")));
        out.printf(Locale.ROOT, "  writes taken per 10 s          %s%n", requests.armWritesTakenPer(start,
                Duration.ofSeconds(10)));
        out.printf(Locale.ROOT, "  ARM reads per rebind          %9.2f (%d reads)%n",
                (double) requests.armReads() / rebinds, requests.armReads());
        out.printf(Locale.ROOT, "  HSM requests per rebind       %9.2f (%d requests)%n",
                (double) requests.hsmRequests() / rebinds, requests.hsmRequests());
        out.printf(Locale.ROOT, "  429 answers                   %9d (%.1f%% of %d ARM writes sent)%n",
                requests.throttled(), writes == 0 ? 0 : 100.0 * requests.throttled() / writes, writes);
        out.printf(Locale.ROOT, "  writes beyond one per rebind  %9d (%d ARM writes taken for %d rebinds)%n",
                requests.armWritesTaken() - rebinds, requests.armWritesTaken(), rebinds);
        out.printf(Locale.ROOT, "  duplicate keys or grants      %9d%s%n", duplicates.size(),
                duplicates.isEmpty() ? "" : " " + duplicates);
        out.printf(Locale.ROOT, "  where the requests went (the app's, by path shape):%n");
        requests.byShape().forEach((shape, count) -> out.printf(Locale.ROOT, "  %9d  %s%n", count, shape));
    }
}
