package com.cmkorchestrator.adapters;

import com.azure.core.management.exception.ManagementException;
import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.core.rotation.TokenBucket;
import com.cmkorchestrator.emulator.inspect.RequestLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ARM reads beyond the read bucket (250, refilled 25 per second), against the emulator's throttling at real speed:
 * the same 400 reads from 8 threads (passes running side by side), unpaced and then paced. Unpaced, they outrun the
 * refill however slow the machine (400 reads in under 6 s); paced, they keep to it.
 */
class ArmReadPacingTest {
    private static final int READS = 400;
    private static final int THREADS = 8;

    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("paced-rg");

    @Test
    void pacedReadsStayInsideArmsBucketWhereUnpacedOnesAreThrottled() throws Exception {
        long unpaced = throttledReads(azure.connection().withArmReadBudget(TokenBucket.unlimited()));
        long paced = throttledReads(azure.connection().withArmReadBudget(TokenBucket.armReads()));

        assertThat(unpaced).as("429s without pacing").isGreaterThan(0);
        assertThat(paced).as("429s with pacing").isZero();
    }

    /** {@code READS} resource group reads from a full bucket; the 429s ARM answered (each a failed read: no SDK retry). */
    private static long throttledReads(AzureConnection connection) throws Exception {
        // a minute of emulated time fills ARM's bucket again
        azure.emulator().clock().advance(Duration.ofMinutes(1));
        long mark = azure.emulator().requestLog().mark();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            for (Future<Void> read : threads.invokeAll(Collections.<Callable<Void>>nCopies(READS, () -> read(connection)))) {
                read.get(); // a failure other than a 429 fails the test
            }
        } finally {
            threads.shutdown();
        }
        return azure.emulator().requestLog().since(mark).stream()
                .filter(entry -> entry.status() == 429).map(RequestLog.Entry::sequence).count();
    }

    private static Void read(AzureConnection connection) {
        try {
            connection.resources().resourceGroups().getByName("paced-rg");
        } catch (ManagementException e) {
            if (e.getResponse().getStatusCode() != 429) {
                throw e;
            }
        }
        return null;
    }
}
