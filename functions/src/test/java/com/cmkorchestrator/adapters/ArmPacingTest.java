package com.cmkorchestrator.adapters;

import com.azure.core.management.Region;
import com.cmkorchestrator.adapters.pacing.ArmBudget;
import com.cmkorchestrator.adapters.pacing.ArmLimits;
import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.emulator.inspect.RequestLog;
import com.cmkorchestrator.emulator.ratelimit.ArmRateLimits;
import com.cmkorchestrator.emulator.ratelimit.BucketSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four instances of the app as four connections, each with its own budget (as separate processes have), all acting as
 * the app's one identity (so they share its ARM bucket), writing at once from four workers each, against the emulator's
 * throttling in real time. The write bucket is 100 refilled 10 per second (ARM's rate, half its burst, so that a run
 * takes seconds); the budgets know those numbers. Side by side in one run: paced from ARM's remaining counts, then
 * with a token bucket of their own at ARM's numbers, as before the budget was shared. A throttled write waits its
 * {@code Retry-After} and goes again, as the reconcile queue would make it.
 */
class ArmPacingTest {
    private static final int INSTANCES = 4;
    private static final int WORKERS = 4;
    private static final int WRITES_EACH = 60;
    private static final String APP = "6f0c1b5e-7d65-4c1a-9a51-2f8f1c3b7a10";
    private static final ArmLimits LIMITS = ArmLimits.azure().withWrites(new com.cmkorchestrator.adapters.pacing.BucketSize(100, 10));

    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("pacing-rg").withOptions(options -> options
            .withRateLimits(ArmRateLimits.azure().withWrites(new BucketSize(100, 10))));

    @Test
    void instancesPacedFromArmsCountsStayUnderOnePercent429sWhereTheirOwnBucketsDrawMany() throws Exception {
        Run paced = run("paced", limits -> ArmBudget.fromHeaders(limits, Clock.systemUTC()));
        Run ownBuckets = run("own", limits -> ArmBudget.localOnly(limits, Clock.systemUTC()));

        System.out.printf(Locale.ROOT, "%d instances x %d workers, %d writes each, bucket 100 + 10/s:%n  %s%n  %s%n",
                INSTANCES, WORKERS, WRITES_EACH, paced, ownBuckets);
        assertThat(paced.ratio()).as("paced from ARM's counts: " + paced).isLessThanOrEqualTo(0.01);
        assertThat(ownBuckets.ratio()).as("per-process buckets: " + ownBuckets).isGreaterThan(0.2);
    }

    private record Run(String name, long writes, long throttled, Duration took) {
        double ratio() {
            return (double) throttled / writes;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-6s %4d write requests, %4d answered 429 (%5.1f %%), %5.1f s",
                    name, writes, throttled, 100 * ratio(), took.toMillis() / 1000.0);
        }
    }

    private Run run(String name, Function<ArmLimits, ArmBudget> budgets) throws Exception {
        // a minute of emulated time fills ARM's bucket again
        azure.emulator().clock().advance(Duration.ofMinutes(1));
        long mark = azure.emulator().requestLog().mark();
        long started = System.nanoTime();
        ExecutorService workers = Executors.newFixedThreadPool(INSTANCES * WORKERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int instance = 0; instance < INSTANCES; instance++) {
                AzureConnection process = azure.as(APP).withArmBudget(budgets.apply(LIMITS));
                for (int worker = 0; worker < WORKERS; worker++) {
                    String group = "pacing-" + name + "-" + instance + "-" + worker;
                    done.add(workers.submit(() -> write(process, group, WRITES_EACH / WORKERS)));
                }
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            workers.shutdown();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        List<RequestLog.Entry> writes = azure.emulator().requestLog().since(mark).stream()
                .filter(entry -> entry.method().equals("PUT")).toList();
        return new Run(name, writes.size(), writes.stream().filter(entry -> entry.status() == 429).count(), took);
    }

    /** {@code count} resource group writes; a throttled one waits what Azure (or the budget) said and goes again. */
    private static Void write(AzureConnection process, String group, int count) throws InterruptedException {
        for (int i = 0; i < count; ) {
            try {
                AzureCalls.run("PUT " + group, () -> process.resources().resourceGroups().define(group)
                        .withRegion(Region.US_WEST).create());
                i++;
            } catch (AzureCallException e) {
                if (e.httpStatus() != 429) {
                    throw e;
                }
                Thread.sleep(e.retryAfter().orElse(Duration.ofSeconds(1)).toMillis());
            }
        }
        return null;
    }
}
