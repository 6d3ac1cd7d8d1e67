package com.cmkorchestrator.core.sweep;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.IdentitySpec;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.AzureErrorDetail;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.ports.TargetState.DiskEncryptionSetState;
import com.cmkorchestrator.core.ports.TargetState.StorageAccountState;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;
import com.cmkorchestrator.core.status.VersionUse;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules by which the health sweep decides, from a listing and one read of the key, that a binding needs a pass. */
class ListedDriftTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final String SUB = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/";
    private static final ArmId HSM = ArmId.parse(SUB + "Microsoft.KeyVault/managedHSMs/contoso-hsm");
    private static final ArmId IDENTITY = ArmId.parse(SUB + "Microsoft.ManagedIdentity/userAssignedIdentities/id-k");
    private static final ArmId ACCOUNT = ArmId.parse(SUB + "Microsoft.Storage/storageAccounts/orders");
    private static final ArmId DES = ArmId.parse(SUB + "Microsoft.Compute/diskEncryptionSets/disks");
    private static final URI HSM_URI = URI.create("https://contoso-hsm.managedhsm.azure.net/");
    private static final KeyVersion V1 = new KeyVersion("v1", true, NOW.minus(Duration.ofDays(40)), null, null);
    private static final KeyVersion V2 = new KeyVersion("v2", true, NOW.minus(Duration.ofDays(2)), null, null);
    private static final SweptKey KEY = SweptKey.read(HSM_URI, new KeyState("k", "RSA-HSM", 2048, null,
            List.of(V1, V2)), false);

    private static Binding binding(ArmId target, VersionPolicy policy) {
        return new Binding("b", HSM, KeySpec.rsa("k", 2048), IdentitySpec.existing(IDENTITY), target, policy);
    }

    /** Every condition True, the slot seen on {@code version}, the next re-check a day away. */
    private static BindingStatus verified(KeySlot slot, String version) {
        List<Condition> conditions = Arrays.stream(ConditionType.values())
                .map(type -> Condition.isTrue(type, Reason.VERIFIED, "", NOW.minus(Duration.ofHours(1)))).toList();
        return new BindingStatus("b", conditions, List.of(new VersionUse(slot, version, NOW.minus(Duration.ofDays(1)),
                null)), 2, false, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)));
    }

    private static StorageAccountState account(KeyRef key, KeyRef inForce) {
        return new StorageAccountState(ACCOUNT, "westeurope", "Succeeded", Set.of(IDENTITY), key, IDENTITY, inForce,
                null);
    }

    private static DiskEncryptionSetState des(String version, boolean autoRotation, AzureErrorDetail error) {
        return new DiskEncryptionSetState(DES, "westeurope", "Succeeded", Set.of(IDENTITY),
                KeyRef.of(HSM_URI, "k").withVersion(version), autoRotation, error, null);
    }

    private static Optional<String> reason(Binding binding, BindingStatus status, TargetState listed) {
        return ListedDrift.reasonToReconcile(binding, status, Optional.ofNullable(listed), KEY, NOW);
    }

    @Test
    void aPinnedResourceAsItsLastPassLeftItNeedsNoPass() {
        assertThat(reason(binding(DES, VersionPolicy.PINNED), verified(KeySlot.DES_ACTIVE_KEY, "v2"),
                des("v2", false, null))).isEmpty();
    }

    @Test
    void aVersionlessAccountOnTheVersionItsLastPassSawNeedsNoPass() {
        assertThat(reason(binding(ACCOUNT, VersionPolicy.AUTO), verified(KeySlot.STORAGE_ENCRYPTION, "v2"),
                account(KeyRef.of(HSM_URI, "k"), KeyRef.of(HSM_URI, "k").withVersion("v2")))).isEmpty();
    }

    @Test
    void aBindingNeverReconciledNeedsAPass() {
        assertThat(reason(binding(DES, VersionPolicy.PINNED), null, des("v2", false, null)))
                .contains("never reconciled");
    }

    @Test
    void aBindingWhoseReCheckIsOverdueNeedsAPass() {
        BindingStatus status = verified(KeySlot.DES_ACTIVE_KEY, "v2");
        BindingStatus overdue = new BindingStatus("b", status.conditions(), status.versions(), 2, false,
                status.observedAt(), NOW.minusSeconds(1));

        assertThat(reason(binding(DES, VersionPolicy.PINNED), overdue, des("v2", false, null)))
                .hasValueSatisfying(why -> assertThat(why).startsWith("its re-check was due at"));
    }

    @Test
    void aBindingNotYetVerifiedIsLeftToItsScheduledReCheck() {
        BindingStatus status = verified(KeySlot.DES_ACTIVE_KEY, "v2");
        List<Condition> waiting = status.conditions().stream().map(c -> c.type() == ConditionType.BOUND
                ? Condition.waiting(ConditionType.BOUND, Reason.AWAITING_PROPAGATION, "", NOW) : c).toList();

        assertThat(reason(binding(DES, VersionPolicy.PINNED), new BindingStatus("b", waiting, status.versions(), 2,
                false, NOW, NOW.plus(Duration.ofMinutes(5))), null)).isEmpty();
    }

    @Test
    void aResourceMissingFromTheListingNeedsAPass() {
        assertThat(reason(binding(DES, VersionPolicy.PINNED), verified(KeySlot.DES_ACTIVE_KEY, "v2"), null))
                .contains("the resource is not in its scope's listing");
    }

    @Test
    void aPinnedResourceBehindTheLatestVersionNeedsAPass() {
        assertThat(reason(binding(DES, VersionPolicy.PINNED), verified(KeySlot.DES_ACTIVE_KEY, "v1"),
                des("v1", false, null))).contains("activeKey is on version v1; the latest is v2");
    }

    @Test
    void aVersionTheServiceMovedToByItselfNeedsAPassToRecordIt() {
        assertThat(reason(binding(ACCOUNT, VersionPolicy.AUTO), verified(KeySlot.STORAGE_ENCRYPTION, "v1"),
                account(KeyRef.of(HSM_URI, "k"), KeyRef.of(HSM_URI, "k").withVersion("v2"))))
                .contains("encryption uses version v2; its last pass saw v1");
    }

    @Test
    void aSelfRotatingResourcePastItsPickupWindowNeedsAPass() {
        BindingStatus status = verified(KeySlot.DES_ACTIVE_KEY, "v1");

        assertThat(reason(binding(DES, VersionPolicy.AUTO), status, des("v1", true, null)))
                .contains("activeKey still uses v1, past the pickup window of v2");
    }

    @Test
    void anotherKeyInTheSlotNeedsAPass() {
        assertThat(reason(binding(ACCOUNT, VersionPolicy.AUTO), verified(KeySlot.STORAGE_ENCRYPTION, "v2"),
                account(KeyRef.of(HSM_URI, "other"), KeyRef.of(HSM_URI, "other").withVersion("x"))))
                .hasValueSatisfying(why -> assertThat(why).startsWith("encryption references ").contains("other"));
    }

    @Test
    void aDetachedIdentityNeedsAPass() {
        StorageAccountState account = new StorageAccountState(ACCOUNT, "westeurope", "Succeeded", Set.of(),
                KeyRef.of(HSM_URI, "k"), null, KeyRef.of(HSM_URI, "k").withVersion("v2"), null);

        assertThat(reason(binding(ACCOUNT, VersionPolicy.AUTO), verified(KeySlot.STORAGE_ENCRYPTION, "v2"), account))
                .contains("the account does not encrypt through identity id-k");
    }

    @Test
    void aDiskEncryptionSetWhoseRotationFlagWasTurnedOnNeedsAPass() {
        assertThat(reason(binding(DES, VersionPolicy.PINNED), verified(KeySlot.DES_ACTIVE_KEY, "v2"),
                des("v2", true, null))).contains("rotationToLatestKeyVersionEnabled is true");
    }

    @Test
    void aDiskEncryptionSetReportingAnAutoRotationErrorNeedsAPass() {
        assertThat(reason(binding(DES, VersionPolicy.AUTO), verified(KeySlot.DES_ACTIVE_KEY, "v2"),
                des("v2", true, new AzureErrorDetail("ManagedServiceIdentityNotFound", "gone"))))
                .contains("autoKeyRotationError ManagedServiceIdentityNotFound");
    }

    @Test
    void aVersionInUseThatWasDisabledNeedsAPass() {
        SweptKey disabled = SweptKey.read(HSM_URI, new KeyState("k", "RSA-HSM", 2048, null, List.of(V1,
                new KeyVersion("v2", false, V2.createdOn(), null, null))), false);

        assertThat(ListedDrift.reasonToReconcile(binding(DES, VersionPolicy.PINNED),
                verified(KeySlot.DES_ACTIVE_KEY, "v2"), Optional.of(des("v2", false, null)), disabled, NOW))
                .contains("activeKey uses version v2, which is missing, disabled or expired");
    }

    @Test
    void aKeyExpiringWithNoRotationInTimeNeedsAPass() {
        SweptKey expiring = SweptKey.read(HSM_URI, KEY.state(), true);

        assertThat(ListedDrift.reasonToReconcile(binding(DES, VersionPolicy.PINNED),
                verified(KeySlot.DES_ACTIVE_KEY, "v2"), Optional.of(des("v2", false, null)), expiring, NOW))
                .hasValueSatisfying(why -> assertThat(why).contains("no rotation due in time"));
    }

    @Test
    void aKeyTheAppCreatedThatLostItsMarkNeedsAPassToReportIt() {
        List<Condition> conditions = verified(KeySlot.DES_ACTIVE_KEY, "v2").conditions().stream()
                .map(c -> c.type() == ConditionType.KEY_READY
                        ? Condition.isTrue(ConditionType.KEY_READY, Reason.KEY_PRESENT, "", NOW) : c).toList();
        BindingStatus keyPresent = new BindingStatus("b", conditions, verified(KeySlot.DES_ACTIVE_KEY, "v2").versions(),
                2, false, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)));

        assertThat(reason(binding(DES, VersionPolicy.PINNED), keyPresent, des("v2", false, null)))
                .contains("key k lost its managed-by tag");
    }

    @Test
    void aKeyVersionTheLastPassDidNotSeeNeedsAPassToRecordIt() {
        List<Condition> conditions = verified(KeySlot.STORAGE_ENCRYPTION, "v1").conditions().stream()
                .map(c -> c.type() == ConditionType.KEY_READY ? Condition.isTrue(ConditionType.KEY_READY,
                        Reason.KEY_ADOPTED, "", NOW).withKeyVersion("v1") : c).toList();
        BindingStatus sawV1 = new BindingStatus("b", conditions, verified(KeySlot.STORAGE_ENCRYPTION, "v1").versions(),
                2, false, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)));

        KeyVersion justRotated = new KeyVersion("v2", true, NOW.minus(Duration.ofMinutes(5)), null, null);
        SweptKey rotated = SweptKey.read(HSM_URI, new KeyState("k", "RSA-HSM", 2048, null, List.of(V1, justRotated)),
                false);

        assertThat(ListedDrift.reasonToReconcile(binding(ACCOUNT, VersionPolicy.AUTO), sawV1,
                Optional.of(account(KeyRef.of(HSM_URI, "k"), KeyRef.of(HSM_URI, "k").withVersion("v1"))), rotated,
                NOW)).contains("key k has version v2, newer than v1 its last"
                + " pass saw");
    }
}
