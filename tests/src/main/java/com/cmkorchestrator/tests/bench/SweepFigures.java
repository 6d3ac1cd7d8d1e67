package com.cmkorchestrator.tests.bench;

import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.devhost.EmulatorAdminApi;
import com.cmkorchestrator.tests.scale.AzureRequests;
import com.cmkorchestrator.tests.scale.FleetPlan;
import com.cmkorchestrator.tests.scale.ScaledOutRun;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One health sweep over the verified fleet, run now on one host ({@code POST /admin/functions/HealthSweep}) with ARM
 * throttling on: the ARM reads it cost per binding, against the pages a listing of the fleet takes, and how long it
 * took on both clocks.
 *
 * @param pages the pages a listing of every kind takes at the emulator's page size (the fleet and what else is there)
 */
record SweepFigures(int bindings, long pages, Duration realTime, Duration emulated, AzureRequests requests) {

    private static final Duration LONGEST = Duration.ofHours(1);

    static SweepFigures measure(ScaledOutRun run, FleetPlan plan) {
        EmulatorAdminApi emulator = run.emulator().admin();
        int pageSize = emulator.call("GET", "limits", null).path("listPageSize").asInt();
        Map<String, Long> resources = new HashMap<>();
        emulator.call("GET", "state", null).path("resources").forEach(doc ->
                resources.merge(doc.path("type").asText().toLowerCase(Locale.ROOT), 1L, Long::sum));
        long pages = Arrays.stream(TargetKind.values()).mapToLong(kind -> (resources.getOrDefault(
                kind.resourceType().toLowerCase(Locale.ROOT), 0L) + pageSize - 1) / pageSize).sum();
        long mark = AzureRequests.mark(emulator);
        Instant start = now(emulator);
        long started = System.nanoTime();
        run.host(0).post("admin/functions/HealthSweep", null, LONGEST).expect(202);
        Duration real = Duration.ofNanos(System.nanoTime() - started);
        Duration emulated = Duration.between(start, now(emulator));
        return new SweepFigures(plan.bindings().size(), pages, real, emulated, AzureRequests.since(emulator, mark));
    }

    private static Instant now(EmulatorAdminApi emulator) {
        return Instant.parse(emulator.call("GET", "clock", null).path("now").asText());
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "one health sweep of %d bindings, ARM throttling on:%n", bindings);
        out.printf(Locale.ROOT, "  ARM reads per binding         %9.4f (%d reads; the three listings hold %d pages)%n",
                (double) requests.armReads() / bindings, requests.armReads(), pages);
        out.printf(Locale.ROOT, "  HSM requests                  %9d%n", requests.hsmRequests());
        out.printf(Locale.ROOT, "  ARM writes                    %9d%n", requests.armWrites());
        out.printf(Locale.ROOT, "  sweep time                    %9.1f s real, %.1f s emulated%n",
                realTime.toMillis() / 1000.0, emulated.toMillis() / 1000.0);
        // listings (a page each) apart from single reads: passes the sweep ran, and any other host's work meanwhile
        out.printf(Locale.ROOT, "  where the requests went (the app's, by path shape):%n");
        requests.byShape().forEach((shape, count) -> out.printf(Locale.ROOT, "  %9d  %s%n", count, shape));
    }
}
