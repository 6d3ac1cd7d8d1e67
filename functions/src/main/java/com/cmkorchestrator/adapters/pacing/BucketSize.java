package com.cmkorchestrator.adapters.pacing;

/**
 * A token bucket's size as ARM publishes it: up to {@code capacity} requests, refilled at {@code refillPerSecond}.
 */
public record BucketSize(double capacity, double refillPerSecond) {

    public BucketSize {
        if (!(capacity >= 1) || !(refillPerSecond > 0)) {
            throw new IllegalArgumentException("a bucket holds at least 1 request and refills, got "
                    + capacity + "/" + refillPerSecond);
        }
    }

    public BucketSize times(int factor) {
        return new BucketSize(capacity * factor, refillPerSecond * factor);
    }
}
