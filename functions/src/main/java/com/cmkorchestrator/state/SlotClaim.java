package com.cmkorchestrator.state;

import com.cmkorchestrator.core.model.ResourceSlot;

import java.time.Instant;
import java.util.Objects;

/**
 * A binding's ownership of one resource key slot, as the slot index holds it.
 *
 * @param claimedAt when the binding claimed it (a declaration claims before it stores its spec: a claim this young is
 *                  never taken for stale)
 * @param etag      the store's version of the claim, so that only a claim still as read can be taken over or released
 */
public record SlotClaim(ResourceSlot slot, String binding, Instant claimedAt, String etag) {

    public SlotClaim {
        Objects.requireNonNull(slot, "slot");
        StateLimits.requireName("binding", binding);
        Objects.requireNonNull(claimedAt, "claimedAt");
        Objects.requireNonNull(etag, "etag");
    }

    public boolean heldBy(String name) {
        return binding.equals(name);
    }
}
