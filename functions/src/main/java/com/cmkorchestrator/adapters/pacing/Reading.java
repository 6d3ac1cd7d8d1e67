package com.cmkorchestrator.adapters.pacing;

import java.time.Duration;
import java.util.Objects;

/**
 * What one ARM answer says is left in one bucket.
 *
 * @param bucket    {@code subscription}, {@code global}, {@code tenant}, or a resource provider's policy as the header
 *                  names it ({@code Microsoft.Compute/CreateUpdateDisks3Min})
 * @param namespace the resource provider whose requests the bucket counts ({@code Microsoft.Compute}), or null for
 *                  ARM's own buckets, which count every request of the class
 * @param remaining requests left after this one
 * @param size      the bucket's size when ARM publishes it; null for a provider's policy, whose size is learnt
 * @param window    for a provider's policy, the window its name gives (3 minutes for {@code ...3Min}); else null
 */
public record Reading(String bucket, String namespace, long remaining, BucketSize size, Duration window) {

    public Reading {
        Objects.requireNonNull(bucket, "bucket");
        if (size == null && (namespace == null || window == null)) {
            throw new IllegalArgumentException("a bucket of unknown size must name its provider and window: " + bucket);
        }
    }
}
