package com.cmkorchestrator.state;

import com.cmkorchestrator.core.model.ResourceSlot;

import java.util.List;
import java.util.Optional;

/**
 * Who owns each resource key slot: one binding at most, across every instance of the app (docs/concurrency.md
 * section 1). A claim is one entity per slot; taking a free slot inserts it, so of two instances claiming the same
 * slot at once exactly one wins, and the other reads the winner.
 */
public interface SlotIndex {

    /** The claim on {@code slot}, if any. */
    Optional<SlotClaim> owner(ResourceSlot slot);

    /**
     * Claims a free slot for {@code binding}; a slot {@code binding} holds already stays as it is.
     *
     * @return the claim in force afterwards: {@code binding}'s, or another binding's when the slot was taken (then
     *         nothing changed)
     */
    SlotClaim claim(ResourceSlot slot, String binding);

    /**
     * Gives {@code binding} a slot whose claim is stale (its binding no longer exists), if the claim is still as read.
     *
     * @return the claim in force afterwards: {@code binding}'s, or whoever took the slot first
     */
    SlotClaim takeOver(SlotClaim stale, String binding);

    /** Frees {@code slot} if {@code binding} holds it; does nothing otherwise. */
    void release(ResourceSlot slot, String binding);

    /** Every claim, for the health report. */
    List<SlotClaim> all();
}
