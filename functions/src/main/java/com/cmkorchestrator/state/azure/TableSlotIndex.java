package com.cmkorchestrator.state.azure;

import com.azure.data.tables.models.TableEntity;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.model.ResourceSlot;
import com.cmkorchestrator.state.ConcurrentUpdateException;
import com.cmkorchestrator.state.SlotClaim;
import com.cmkorchestrator.state.SlotIndex;
import com.cmkorchestrator.state.StateAlreadyExistsException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link SlotIndex} on the table {@code <prefix>slots}: one entity per slot, partition the SHA-256 of the resource's
 * ARM ID in lower case (an ARM ID may be longer than a key, and holds '/', which keys may not), row the slot's name
 * ({@code encryption}, {@code activeKey}, {@code managedServices}, {@code managedDisk}), with the resource's ID and the
 * owning binding as properties. A claim inserts the entity, so two instances never both win; a takeover and a release
 * are conditional on the ETag read.
 */
final class TableSlotIndex implements SlotIndex {

    private static final String TARGET = "Target";
    private static final String BINDING = "Binding";
    private static final String CLAIMED_AT = "ClaimedAt";

    private final EntityTable table;
    private final Clock clock;

    TableSlotIndex(EntityTable table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Optional<SlotClaim> owner(ResourceSlot slot) {
        return table.read(partition(slot.target()), slot.slot().json()).map(entity -> claimOf(entity, entity.getETag()));
    }

    @Override
    public SlotClaim claim(ResourceSlot slot, String binding) {
        Optional<SlotClaim> current = owner(slot);
        if (current.isPresent()) {
            return current.get();
        }
        TableEntity entity = entity(slot, binding);
        try {
            return claimOf(entity, table.insert(entity, what(slot)));
        } catch (StateAlreadyExistsException e) {
            // another instance claimed it between the read and the insert: its claim is the one in force
            return owner(slot).orElseGet(() -> claim(slot, binding));
        }
    }

    @Override
    public SlotClaim takeOver(SlotClaim stale, String binding) {
        ResourceSlot slot = stale.slot();
        TableEntity entity = entity(slot, binding);
        try {
            return claimOf(entity, table.replace(entity, stale.etag(), what(slot)));
        } catch (ConcurrentUpdateException e) {
            return claim(slot, binding);
        }
    }

    @Override
    public void release(ResourceSlot slot, String binding) {
        owner(slot).filter(claim -> claim.heldBy(binding))
                .ifPresent(claim -> table.deleteIfUnchanged(partition(slot.target()), slot.slot().json(), claim.etag()));
    }

    @Override
    public List<SlotClaim> all() {
        return table.query(null).stream().map(entity -> claimOf(entity, entity.getETag())).toList();
    }

    private TableEntity entity(ResourceSlot slot, String binding) {
        return new TableEntity(partition(slot.target()), slot.slot().json())
                .addProperty(TARGET, slot.target().toString()).addProperty(BINDING, binding)
                .addProperty(CLAIMED_AT, EntityTable.utc(clock.instant().truncatedTo(ChronoUnit.MILLIS)));
    }

    private static SlotClaim claimOf(TableEntity entity, String etag) {
        KeySlot slot = Arrays.stream(KeySlot.values()).filter(s -> s.json().equals(entity.getRowKey())).findFirst()
                .orElseThrow(() -> new IllegalStateException("slot index row '" + entity.getRowKey()
                        + "' names no key slot"));
        return new SlotClaim(new ResourceSlot(ArmId.parse((String) entity.getProperty(TARGET)), slot),
                (String) entity.getProperty(BINDING), EntityTable.instant(entity, CLAIMED_AT), etag);
    }

    private static String what(ResourceSlot slot) {
        return "key slot " + slot;
    }

    static String partition(ArmId target) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(target.toString().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
