package com.cmkorchestrator.adapters.pacing;

import com.cmkorchestrator.retry.Retries;

import java.time.Duration;
import java.util.Objects;

/**
 * The numbers the app paces ARM with (docs/concurrency.md section 3).
 *
 * <p>ARM's buckets, per subscription, principal and operation class (MicrosoftDocs/azure-docs
 * {@code articles/azure-resource-manager/management/request-limits-and-throttling.md}, 2024, azure-facts 8): reads
 * 250 refilled 25 per second, writes and deletes 200 refilled 10 per second; "a global subscription limit that's
 * equivalent to 15 times the individual service principal limit" shared by every principal; tenant requests the
 * same as a subscription's. Resource-provider buckets are not published: their sizes are learnt from the
 * {@code x-ms-ratelimit-remaining-resource} answers ({@link RemainingCounts}).
 *
 * @param reads        a principal's read bucket in one subscription
 * @param writes       its write bucket
 * @param deletes      its delete bucket
 * @param globalFactor the subscription's global bucket, in principal buckets
 * @param floorShare   the share of a bucket below which requests slow down (a fifth: up to that many instances
 *                     that never talk to each other stay clear of 429s, see {@link ArmBudget})
 * @param longestWait  the longest a request waits in the process; a longer wait ends the call as throttled, so
 *                     that the queue, not a worker thread, waits
 */
public record ArmLimits(BucketSize reads, BucketSize writes, BucketSize deletes, int globalFactor, double floorShare,
                        Duration longestWait) {

    public ArmLimits {
        Objects.requireNonNull(reads, "reads");
        Objects.requireNonNull(writes, "writes");
        Objects.requireNonNull(deletes, "deletes");
        Objects.requireNonNull(longestWait, "longestWait");
        if (globalFactor < 1 || floorShare < 0 || floorShare >= 1) {
            throw new IllegalArgumentException("globalFactor >= 1 and 0 <= floorShare < 1 are required");
        }
    }

    /** Azure's numbers. */
    public static ArmLimits azure() {
        return new ArmLimits(new BucketSize(250, 25), new BucketSize(200, 10), new BucketSize(200, 10), 15, 0.2,
                Retries.ARM_PACING_LONGEST_WAIT);
    }

    public ArmLimits withWrites(BucketSize size) {
        return new ArmLimits(reads, size, deletes, globalFactor, floorShare, longestWait);
    }

    public ArmLimits withReads(BucketSize size) {
        return new ArmLimits(size, writes, deletes, globalFactor, floorShare, longestWait);
    }

    /** A principal's bucket of {@code operation} in one subscription (or tenant). */
    public BucketSize principal(OperationClass operation) {
        return switch (operation) {
            case READS -> reads;
            case WRITES -> writes;
            case DELETES -> deletes;
        };
    }

    /** The subscription's bucket of {@code operation} across principals. */
    public BucketSize global(OperationClass operation) {
        return principal(operation).times(globalFactor);
    }
}
