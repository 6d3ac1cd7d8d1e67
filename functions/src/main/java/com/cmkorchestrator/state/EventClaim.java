package com.cmkorchestrator.state;

import java.time.Instant;
import java.util.Objects;

/**
 * The right to publish one key event, held by one bridge instance until {@code leaseUntil}.
 *
 * <p>Publishing is: {@link BridgeWatermarkStore#claim claim}, publish, then
 * {@link BridgeWatermarkStore#markPublished markPublished}. An instance that dies in between lets its
 * lease run out and another instance publishes instead; a published event is never claimed again.
 *
 * @param event the event
 * @param owner the bridge instance holding the claim
 * @param leaseUntil when another instance may take the claim over, unless published
 * @param published whether the event went out
 * @param etag the store's version tag of this claim
 */
public record EventClaim(KeyEventId event, String owner, Instant leaseUntil, boolean published, String etag) {

    public EventClaim {
        Objects.requireNonNull(event, "event");
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("claim owner must not be blank");
        }
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        if (etag == null || etag.isBlank()) {
            throw new IllegalArgumentException("etag must not be blank: claims come from a store");
        }
    }

    /** Whether {@code claimant} may take this claim at {@code now}: not published, and its own or expired. */
    public boolean claimableBy(String claimant, Instant now) {
        return !published && (owner.equals(claimant) || !leaseUntil.isAfter(now));
    }
}
