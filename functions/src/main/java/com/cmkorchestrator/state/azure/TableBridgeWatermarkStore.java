package com.cmkorchestrator.state.azure;

import com.azure.data.tables.models.TableEntity;
import com.cmkorchestrator.state.BridgeWatermarkStore;
import com.cmkorchestrator.state.ConcurrentUpdateException;
import com.cmkorchestrator.state.EventClaim;
import com.cmkorchestrator.state.KeyEventId;
import com.cmkorchestrator.state.KeyWatermark;
import com.cmkorchestrator.state.StateAlreadyExistsException;
import com.cmkorchestrator.state.StateLimits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@link BridgeWatermarkStore} on two Azure tables: watermarks (partition = HSM, row = key) and
 * event claims (partition = HSM, row = {@code key;version;kind}). A claim is won by inserting its
 * entity (only one insert of a key succeeds) or by an ETag-conditional takeover of an expired lease.
 */
final class TableBridgeWatermarkStore implements BridgeWatermarkStore {

    private static final String VERSIONS = "Versions";
    private static final String UPDATED_AT = "UpdatedAt";
    private static final String KEY = "Key";
    private static final String VERSION = "Version";
    private static final String KIND = "Kind"; // KeyEventKind.name()
    private static final String OWNER = "Owner";
    private static final String LEASE_UNTIL = "LeaseUntil";
    private static final String PUBLISHED = "Published";

    private final EntityTable watermarks;
    private final EntityTable claims;
    private final Clock clock;

    TableBridgeWatermarkStore(EntityTable watermarks, EntityTable claims, Clock clock) {
        this.watermarks = watermarks;
        this.claims = claims;
        this.clock = clock;
    }

    @Override
    public Optional<KeyWatermark> watermark(String hsm, String key) {
        StateLimits.requireKeyVaultName("HSM name", hsm);
        StateLimits.requireKeyVaultName("key name", key);
        return watermarks.read(hsm, key).map(TableBridgeWatermarkStore::toWatermark);
    }

    @Override
    public List<KeyWatermark> watermarks(String hsm) {
        StateLimits.requireKeyVaultName("HSM name", hsm);
        return watermarks.partition(hsm).stream().map(TableBridgeWatermarkStore::toWatermark).toList();
    }

    @Override
    public KeyWatermark save(KeyWatermark next) {
        String what = "watermark of " + next.hsm() + "/" + next.key();
        // versions are letters, digits and hyphens: a comma list is unambiguous
        String versions = String.join(",", next.seenVersions());
        StateLimits.requireFits(what, versions);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        TableEntity entity = new TableEntity(next.hsm(), next.key()).addProperty(UPDATED_AT, EntityTable.utc(now));
        ChunkedText.put(entity, VERSIONS, versions);
        String etag = watermarks.write(entity, next.etag(), what);
        return new KeyWatermark(next.hsm(), next.key(), next.seenVersions(), now, etag);
    }

    @Override
    public Optional<EventClaim> claim(KeyEventId event, String owner, Duration lease) {
        Instant now = clock.instant();
        TableEntity entity = claimEntity(event, owner, now.plus(lease).truncatedTo(ChronoUnit.MILLIS), false);
        Optional<EventClaim> current = claimOf(event);
        if (current.isEmpty()) {
            try {
                return Optional.of(toClaim(event, entity, claims.insert(entity, event.toString())));
            } catch (StateAlreadyExistsException e) {
                current = claimOf(event); // another instance claimed it first: judge its claim
            }
        }
        EventClaim existing = current.orElseThrow();
        if (!existing.claimableBy(owner, now)) {
            return Optional.empty();
        }
        try {
            return Optional.of(toClaim(event, entity, claims.replace(entity, existing.etag(), event.toString())));
        } catch (ConcurrentUpdateException e) {
            return Optional.empty(); // another instance took the expired lease over first
        }
    }

    @Override
    public EventClaim markPublished(EventClaim claim) {
        TableEntity entity = claimEntity(claim.event(), claim.owner(), claim.leaseUntil(), true);
        try {
            return toClaim(claim.event(), entity, claims.replace(entity, claim.etag(), claim.event().toString()));
        } catch (ConcurrentUpdateException e) {
            throw new ConcurrentUpdateException("claim on " + claim.event()
                    + " was taken over by another instance", e);
        }
    }

    @Override
    public Optional<EventClaim> claimOf(KeyEventId event) {
        return claims.read(event.hsm(), claimRow(event)).map(entity -> toClaim(event, entity, entity.getETag()));
    }

    private static String claimRow(KeyEventId event) {
        return event.key() + ";" + event.version() + ";" + event.kind().name();
    }

    private static TableEntity claimEntity(KeyEventId event, String owner, Instant leaseUntil, boolean published) {
        return new TableEntity(event.hsm(), claimRow(event))
                .addProperty(KEY, event.key())
                .addProperty(VERSION, event.version())
                .addProperty(KIND, event.kind().name())
                .addProperty(OWNER, owner)
                .addProperty(LEASE_UNTIL, EntityTable.utc(leaseUntil))
                .addProperty(PUBLISHED, published);
    }

    private static EventClaim toClaim(KeyEventId event, TableEntity entity, String etag) {
        return new EventClaim(event, (String) entity.getProperty(OWNER),
                EntityTable.instant(entity, LEASE_UNTIL),
                (Boolean) entity.getProperty(PUBLISHED), etag);
    }

    private static KeyWatermark toWatermark(TableEntity entity) {
        String versions = ChunkedText.get(entity, VERSIONS);
        return new KeyWatermark(entity.getPartitionKey(), entity.getRowKey(),
                versions.isEmpty() ? List.of() : Arrays.asList(versions.split(",")),
                EntityTable.instant(entity, UPDATED_AT), entity.getETag());
    }
}
