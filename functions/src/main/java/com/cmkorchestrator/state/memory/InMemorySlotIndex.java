package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.core.model.ResourceSlot;
import com.cmkorchestrator.state.SlotClaim;
import com.cmkorchestrator.state.SlotIndex;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link SlotIndex} in process memory; {@link ResourceSlot}s compare without case, as ARM IDs do. */
public final class InMemorySlotIndex implements SlotIndex {

    private final Map<String, SlotClaim> claims = new TreeMap<>();
    private final ETags etags;
    private final Clock clock;

    InMemorySlotIndex(ETags etags, Clock clock) {
        this.etags = etags;
        this.clock = clock;
    }

    private static String key(ResourceSlot slot) {
        return slot.target().toString().toLowerCase(java.util.Locale.ROOT) + "#" + slot.slot().json();
    }

    @Override
    public synchronized Optional<SlotClaim> owner(ResourceSlot slot) {
        return Optional.ofNullable(claims.get(key(slot)));
    }

    @Override
    public synchronized SlotClaim claim(ResourceSlot slot, String binding) {
        return claims.computeIfAbsent(key(slot), k -> new SlotClaim(slot, binding, clock.instant(), etags.next()));
    }

    @Override
    public synchronized SlotClaim takeOver(SlotClaim stale, String binding) {
        SlotClaim current = claims.get(key(stale.slot()));
        if (current == null) {
            return claim(stale.slot(), binding);
        }
        if (!current.etag().equals(stale.etag())) {
            return current;
        }
        SlotClaim taken = new SlotClaim(stale.slot(), binding, clock.instant(), etags.next());
        claims.put(key(stale.slot()), taken);
        return taken;
    }

    @Override
    public synchronized void release(ResourceSlot slot, String binding) {
        SlotClaim current = claims.get(key(slot));
        if (current != null && current.heldBy(binding)) {
            claims.remove(key(slot));
        }
    }

    @Override
    public synchronized List<SlotClaim> all() {
        return new ArrayList<>(claims.values());
    }
}
