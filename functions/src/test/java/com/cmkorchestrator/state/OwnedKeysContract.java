package com.cmkorchestrator.state;

import com.cmkorchestrator.core.ports.KeyOwnershipPort;
import com.cmkorchestrator.core.ports.OwnedKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link KeyOwnershipPort} does; run against Azure Table storage (Azurite) and in memory. */
public abstract class OwnedKeysContract {

    private static final Instant AT = Instant.parse("2026-03-01T09:00:00Z");

    private final KeyOwnershipPort keys;

    protected OwnedKeysContract(Supplier<KeyOwnershipPort> freshStore) {
        this.keys = freshStore.get();
    }

    @Test
    void aKeyNobodyRecordedIsNotOwned() {
        assertThat(keys.find("contoso-hsm", "orders-cmk")).isEmpty();
    }

    @Test
    void aRecordedKeyIsFoundWithItsOriginBindingAndTime() {
        OwnedKey created = new OwnedKey("contoso-hsm", "orders-cmk", OwnedKey.Origin.CREATED, "orders-storage", AT);

        keys.record(created);

        assertThat(keys.find("contoso-hsm", "orders-cmk")).hasValue(created);
    }

    @Test
    void namesCompareWithoutCase() {
        keys.record(new OwnedKey("contoso-hsm", "orders-cmk", OwnedKey.Origin.CREATED, "orders-storage", AT));

        assertThat(keys.find("Contoso-HSM", "ORDERS-cmk")).isPresent();
    }

    @Test
    void theFirstRecordStays() {
        OwnedKey created = new OwnedKey("contoso-hsm", "orders-cmk", OwnedKey.Origin.CREATED, "orders-storage", AT);
        keys.record(created);

        OwnedKey stands = keys.record(new OwnedKey("contoso-hsm", "orders-cmk", OwnedKey.Origin.ADOPTED, "vm-disks",
                AT.plusSeconds(60)));

        assertThat(stands).isEqualTo(created);
        assertThat(keys.find("contoso-hsm", "orders-cmk")).hasValue(created);
    }

    @Test
    void theSameKeyNameInAnotherHsmIsAnotherKey() {
        keys.record(new OwnedKey("contoso-hsm", "orders-cmk", OwnedKey.Origin.ADOPTED, "orders-storage", AT));

        assertThat(keys.find("fabrikam-hsm", "orders-cmk")).isEmpty();
    }
}
