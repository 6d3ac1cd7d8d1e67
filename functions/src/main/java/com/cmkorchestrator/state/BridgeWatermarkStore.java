package com.cmkorchestrator.state;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * State of the HSM event bridge: per key, the versions already seen, and per key event, whether it
 * was published. Claims are atomic (insert-if-absent, then ETag), so two bridge instances polling at
 * once never both publish the same event.
 */
public interface BridgeWatermarkStore {

    Optional<KeyWatermark> watermark(String hsm, String key);

    /** Every watermark of one HSM, in key order. */
    List<KeyWatermark> watermarks(String hsm);

    /**
     * Writes a watermark: creates it when {@code next.etag()} is null, otherwise replaces it if it is
     * still at that ETag.
     *
     * @return the watermark as stored now, with its new ETag
     * @throws ConcurrentUpdateException when another instance created or changed it first
     */
    KeyWatermark save(KeyWatermark next);

    /**
     * Takes the right to publish {@code event} for {@code lease}. Granted when nobody claimed it,
     * when {@code owner} already holds it, or when another holder's lease ran out without publishing.
     *
     * @return the claim, or empty when the event is published or another instance holds a live claim
     */
    Optional<EventClaim> claim(KeyEventId event, String owner, Duration lease);

    /**
     * Records that the claimed event went out; it will never be claimed again.
     *
     * @return the claim as stored now
     * @throws ConcurrentUpdateException when the lease ran out and another instance took the claim over
     */
    EventClaim markPublished(EventClaim claim);

    /** The current claim of an event, if it was ever claimed. */
    Optional<EventClaim> claimOf(KeyEventId event);
}
