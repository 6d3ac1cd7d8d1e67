package com.cmkorchestrator.state.azure;

import com.azure.data.tables.models.TableEntity;
import com.cmkorchestrator.core.ports.KeyOwnershipPort;
import com.cmkorchestrator.core.ports.OwnedKey;
import com.cmkorchestrator.state.StateAlreadyExistsException;
import com.cmkorchestrator.state.StateLimits;

import java.util.Locale;
import java.util.Optional;

/**
 * {@link KeyOwnershipPort} on the table {@code <prefix>keys}: partition the HSM's name, row the key's name (both
 * lower-case, as Key Vault compares them), with the origin, the binding and the time. Recording inserts, so of two
 * instances recording at once the first record stays and both read it back.
 */
final class TableOwnedKeys implements KeyOwnershipPort {

    private static final String HSM = "Hsm";
    private static final String KEY = "Key";
    private static final String ORIGIN = "Origin";
    private static final String BINDING = "Binding";
    private static final String SINCE = "Since";

    private final EntityTable table;

    TableOwnedKeys(EntityTable table) {
        this.table = table;
    }

    @Override
    public Optional<OwnedKey> find(String hsm, String key) {
        return table.read(partition(hsm), row(key)).map(TableOwnedKeys::owned);
    }

    @Override
    public OwnedKey record(OwnedKey owned) {
        TableEntity entity = new TableEntity(partition(owned.hsm()), row(owned.key()))
                .addProperty(HSM, owned.hsm()).addProperty(KEY, owned.key())
                .addProperty(ORIGIN, owned.origin().json()).addProperty(BINDING, owned.binding())
                .addProperty(SINCE, EntityTable.utc(owned.since()));
        try {
            table.insert(entity, "owned key " + owned.hsm() + "/" + owned.key());
            return owned;
        } catch (StateAlreadyExistsException recorded) {
            return find(owned.hsm(), owned.key()).orElse(owned);
        }
    }

    private static String partition(String hsm) {
        return StateLimits.requireKeyVaultName("HSM name", hsm).toLowerCase(Locale.ROOT);
    }

    private static String row(String key) {
        return StateLimits.requireKeyVaultName("key name", key).toLowerCase(Locale.ROOT);
    }

    private static OwnedKey owned(TableEntity entity) {
        return new OwnedKey((String) entity.getProperty(HSM), (String) entity.getProperty(KEY),
                OwnedKey.Origin.of((String) entity.getProperty(ORIGIN)), (String) entity.getProperty(BINDING),
                EntityTable.instant(entity, SINCE));
    }
}
