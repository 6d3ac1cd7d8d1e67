package com.cmkorchestrator.core.safety;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionRetentionGuardTest {

    private static final URI HSM = URI.create("https://h.managedhsm.azure.net/");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ArmId STORAGE = ArmId.parse("/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/s");
    private static final ArmId DES = ArmId.parse("/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/r/providers/Microsoft.Compute/diskEncryptionSets/d");

    private final VersionRetentionGuard guard = new VersionRetentionGuard();
    private final KeyState key = new KeyState("k", "RSA-HSM", 2048, null, List.of(
            new KeyVersion("v1", true, T0, null, null),
            new KeyVersion("v2", true, T0.plus(Duration.ofDays(90)), null, null),
            new KeyVersion("v3", true, T0.plus(Duration.ofDays(180)), null, null)));
    private final KeyRef v1 = KeyRef.of(HSM, "k").withVersion("v1");
    private final Instant later = T0.plus(Duration.ofDays(200));

    @Test
    void aVersionAResourceReferencesIsNeverRetired() {
        var live = VersionReference.live(DES, KeySlot.DES_ACTIVE_KEY, v1);

        assertThat(guard.refusal(v1, key, List.of(live), later)).hasValueSatisfying(r -> assertThat(r).contains("still references"));
    }

    @Test
    void aVersionThatLeftUseInsideTheServicesWindowIsKept() {
        var desLeft = new VersionReference(DES, KeySlot.DES_ACTIVE_KEY, v1, later.minus(Duration.ofMinutes(59)));
        var storageLeft = new VersionReference(STORAGE, KeySlot.STORAGE_ENCRYPTION, v1, later.minus(Duration.ofHours(23)));

        assertThat(guard.refusal(v1, key, List.of(desLeft), later)).isPresent();
        assertThat(guard.refusal(v1, key, List.of(storageLeft), later)).isPresent();
    }

    @Test
    void aVersionThatLeftUseLongerAgoThanTheWindowMayBeRetired() {
        var desLeft = new VersionReference(DES, KeySlot.DES_ACTIVE_KEY, v1, later.minus(Duration.ofMinutes(61)));
        var storageLeft = new VersionReference(STORAGE, KeySlot.STORAGE_ENCRYPTION, v1, later.minus(Duration.ofHours(25)));

        assertThat(guard.refusal(v1, key, List.of(desLeft, storageLeft), later)).isEmpty();
    }

    @Test
    void theCurrentVersionIsNeverRetired() {
        assertThat(guard.refusal(KeyRef.of(HSM, "k").withVersion("v3"), key, List.of(), later)).isPresent();
    }

    @Test
    void aVersionlessReferenceKeepsTheVersionBeforeTheLatestForItsPickupWindow() {
        var versionless = VersionReference.live(STORAGE, KeySlot.STORAGE_ENCRYPTION, KeyRef.of(HSM, "k"));
        KeyRef v2 = KeyRef.of(HSM, "k").withVersion("v2");

        assertThat(guard.refusal(v2, key, List.of(versionless), T0.plus(Duration.ofDays(180)).plus(Duration.ofHours(23))))
                .isPresent();
        assertThat(guard.refusal(v2, key, List.of(versionless), T0.plus(Duration.ofDays(181)).plus(Duration.ofHours(1))))
                .isEmpty();
    }

    @Test
    void referencesToAnotherKeyDoNotCount() {
        var other = VersionReference.live(DES, KeySlot.DES_ACTIVE_KEY, KeyRef.of(HSM, "other").withVersion("v1"));

        assertThat(guard.refusal(v1, key, List.of(other), later)).isEmpty();
    }

    @Test
    void requireRetirableThrowsNamingTheResource() {
        var live = VersionReference.live(DES, KeySlot.DES_ACTIVE_KEY, v1);

        assertThatThrownBy(() -> guard.requireRetirable(v1, key, List.of(live), later))
                .isInstanceOf(RetentionViolationException.class).hasMessageContaining("diskEncryptionSets/d");
    }
}
