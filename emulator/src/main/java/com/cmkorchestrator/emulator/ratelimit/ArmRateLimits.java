package com.cmkorchestrator.emulator.ratelimit;

/**
 * The numbers ARM throttles with. Defaults are Azure's:
 * <ul>
 *   <li>per subscription and principal, per operation class: reads 250 refilling 25/s, writes and
 *       deletes 200 refilling 10/s; a global bucket per subscription {@code globalFactor} (15) times
 *       that, shared by every principal (MicrosoftDocs/azure-docs
 *       {@code articles/azure-resource-manager/management/request-limits-and-throttling.md}, 2024: "a
 *       global subscription limit that's equivalent to 15 times the individual service principal
 *       limit"; live answers show {@code writes: 199} with {@code global-writes: 2999});</li>
 *   <li>Compute's own policies for disk encryption sets, per subscription, counted over 3 and 30
 *       minutes. The names and counts are those Azure reports for managed disks, which belong to
 *       the same disk resource provider: {@code LowCostGet} 15000/120000 on a disk GET,
 *       {@code CreateUpdateDisks} 1000/8000 on a disk PUT, {@code DeleteDisks} 1000/8000 on a disk
 *       DELETE (headers in public recordings, 2021). That a disk encryption set is charged to the
 *       same policies is the emulator's inference.</li>
 * </ul>
 */
public record ArmRateLimits(BucketSize reads, BucketSize writes, BucketSize deletes, int globalFactor,
                            ProviderPolicy diskReads, ProviderPolicy diskWrites, ProviderPolicy diskDeletes) {

    public ArmRateLimits {
        if (reads == null || writes == null || deletes == null || diskReads == null || diskWrites == null
                || diskDeletes == null) {
            throw new IllegalArgumentException("every limit must be given (ArmRateLimits.azure() has Azure's)");
        }
        if (globalFactor < 1) {
            throw new IllegalArgumentException("the global factor must be at least 1, got " + globalFactor);
        }
    }

    /** Azure's numbers. */
    public static ArmRateLimits azure() {
        return new ArmRateLimits(new BucketSize(250, 25), new BucketSize(200, 10), new BucketSize(200, 10), 15,
                new ProviderPolicy("Microsoft.Compute/LowCostGet", 15000, 120000),
                new ProviderPolicy("Microsoft.Compute/CreateUpdateDisks", 1000, 8000),
                new ProviderPolicy("Microsoft.Compute/DeleteDisks", 1000, 8000));
    }

    /** One principal's bucket in one subscription. */
    public BucketSize perPrincipal(OperationClass operation) {
        return switch (operation) {
            case READS -> reads;
            case WRITES -> writes;
            case DELETES -> deletes;
        };
    }

    /** The subscription's bucket, shared by all its principals. */
    public BucketSize global(OperationClass operation) {
        return perPrincipal(operation).times(globalFactor);
    }

    /** Compute's policy for disk encryption set requests of this class. */
    public ProviderPolicy diskPolicy(OperationClass operation) {
        return switch (operation) {
            case READS -> diskReads;
            case WRITES -> diskWrites;
            case DELETES -> diskDeletes;
        };
    }

    public ArmRateLimits withReads(BucketSize size) {
        return new ArmRateLimits(size, writes, deletes, globalFactor, diskReads, diskWrites, diskDeletes);
    }

    public ArmRateLimits withWrites(BucketSize size) {
        return new ArmRateLimits(reads, size, deletes, globalFactor, diskReads, diskWrites, diskDeletes);
    }

    public ArmRateLimits withDeletes(BucketSize size) {
        return new ArmRateLimits(reads, writes, size, globalFactor, diskReads, diskWrites, diskDeletes);
    }

    public ArmRateLimits withGlobalFactor(int factor) {
        return new ArmRateLimits(reads, writes, deletes, factor, diskReads, diskWrites, diskDeletes);
    }

    /** @param counts {@code <per 3 minutes>/<per 30 minutes>} for the reads, writes or deletes policy */
    public ArmRateLimits withDiskCounts(OperationClass operation, String counts) {
        ProviderPolicy changed = diskPolicy(operation).withCounts(counts);
        return new ArmRateLimits(reads, writes, deletes, globalFactor,
                operation == OperationClass.READS ? changed : diskReads,
                operation == OperationClass.WRITES ? changed : diskWrites,
                operation == OperationClass.DELETES ? changed : diskDeletes);
    }
}
