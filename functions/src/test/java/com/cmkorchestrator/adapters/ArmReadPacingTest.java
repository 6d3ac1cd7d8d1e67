package com.cmkorchestrator.adapters;

import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.core.rotation.TokenBucket;
import com.cmkorchestrator.emulator.inspect.RequestLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ARM reads beyond the read bucket (250, refilled 25 per second), against the emulator's throttling at real speed:
 * the same 300 reads, unpaced and then paced, side by side.
 */
class ArmReadPacingTest {
    private static final int READS = 300;

    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("paced-rg");

    @Test
    void pacedReadsStayInsideArmsBucketWhereUnpacedOnesAreThrottled() {
        long unpaced = throttledReads(azure.connection().withArmReadBudget(TokenBucket.unlimited()));
        long paced = throttledReads(azure.connection().withArmReadBudget(TokenBucket.armReads()));

        assertThat(unpaced).as("429s without pacing").isGreaterThan(0);
        assertThat(paced).as("429s with pacing").isZero();
    }

    /** {@code READS} resource group reads from a full bucket; the 429s ARM answered (the SDK retried them). */
    private static long throttledReads(AzureConnection connection) {
        // a minute of emulated time fills ARM's bucket again
        azure.emulator().clock().advance(Duration.ofMinutes(1));
        long mark = azure.emulator().requestLog().mark();
        for (int i = 0; i < READS; i++) {
            connection.resources().resourceGroups().getByName("paced-rg");
        }
        return azure.emulator().requestLog().since(mark).stream()
                .filter(entry -> entry.status() == 429).map(RequestLog.Entry::sequence).count();
    }
}
