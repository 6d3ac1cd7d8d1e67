package com.cmkorchestrator.state.memory;

import com.cmkorchestrator.state.BridgeWatermarkStore;
import com.cmkorchestrator.state.ConcurrentUpdateException;
import com.cmkorchestrator.state.EventClaim;
import com.cmkorchestrator.state.KeyEventId;
import com.cmkorchestrator.state.KeyWatermark;
import com.cmkorchestrator.state.StateLimits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link BridgeWatermarkStore} in process memory; one lock makes claims atomic. */
public final class InMemoryBridgeWatermarkStore implements BridgeWatermarkStore {

    private final Clock clock;
    private final ETags etags;
    // hsm -> key -> watermark
    private final Map<String, Map<String, KeyWatermark>> watermarks = new HashMap<>();
    private final Map<KeyEventId, EventClaim> claims = new HashMap<>();

    InMemoryBridgeWatermarkStore(Clock clock, ETags etags) {
        this.clock = clock;
        this.etags = etags;
    }

    @Override
    public synchronized Optional<KeyWatermark> watermark(String hsm, String key) {
        return Optional.ofNullable(watermarks.getOrDefault(hsm, Map.of()).get(key));
    }

    @Override
    public synchronized List<KeyWatermark> watermarks(String hsm) {
        return List.copyOf(watermarks.getOrDefault(hsm, Map.of()).values());
    }

    @Override
    public synchronized KeyWatermark save(KeyWatermark next) {
        String what = "watermark of " + next.hsm() + "/" + next.key();
        StateLimits.requireFits(what, String.join(",", next.seenVersions()));
        KeyWatermark current = watermark(next.hsm(), next.key()).orElse(null);
        if (next.etag() == null && current != null) {
            throw new ConcurrentUpdateException(what + " was created by another instance");
        }
        if (next.etag() != null && (current == null || !current.etag().equals(next.etag()))) {
            throw new ConcurrentUpdateException(what + " changed since it was read");
        }
        KeyWatermark stored = new KeyWatermark(next.hsm(), next.key(), next.seenVersions(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS), etags.next());
        watermarks.computeIfAbsent(next.hsm(), hsm -> new TreeMap<>()).put(next.key(), stored);
        return stored;
    }

    @Override
    public synchronized Optional<EventClaim> claim(KeyEventId event, String owner, Duration lease) {
        Instant now = clock.instant();
        EventClaim current = claims.get(event);
        if (current != null && !current.claimableBy(owner, now)) {
            return Optional.empty();
        }
        EventClaim granted = new EventClaim(event, owner, now.plus(lease).truncatedTo(ChronoUnit.MILLIS), false,
                etags.next());
        claims.put(event, granted);
        return Optional.of(granted);
    }

    @Override
    public synchronized EventClaim markPublished(EventClaim claim) {
        EventClaim current = claims.get(claim.event());
        if (current == null || !current.etag().equals(claim.etag())) {
            throw new ConcurrentUpdateException("claim on " + claim.event() + " was taken over by another instance");
        }
        EventClaim published = new EventClaim(claim.event(), claim.owner(), claim.leaseUntil(), true, etags.next());
        claims.put(claim.event(), published);
        return published;
    }

    @Override
    public synchronized Optional<EventClaim> claimOf(KeyEventId event) {
        return Optional.ofNullable(claims.get(event));
    }
}
