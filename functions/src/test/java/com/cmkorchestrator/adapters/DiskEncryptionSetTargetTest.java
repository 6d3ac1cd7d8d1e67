package com.cmkorchestrator.adapters;

import com.azure.resourcemanager.compute.fluent.models.DiskEncryptionSetInner;
import com.azure.resourcemanager.compute.models.DiskEncryptionSetIdentityType;
import com.azure.resourcemanager.compute.models.DiskEncryptionSetType;
import com.azure.resourcemanager.compute.models.EncryptionSetIdentity;
import com.azure.resourcemanager.compute.models.KeyForDiskEncryptionSet;
import com.azure.resourcemanager.compute.models.VirtualMachineIdentityUserAssignedIdentities;
import com.azure.resourcemanager.msi.models.Identity;
import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.errors.ErrorClass;
import com.cmkorchestrator.core.errors.ErrorClassifier;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.ports.TargetBinding.DiskEncryptionSetKey;
import com.cmkorchestrator.core.ports.TargetBinding.StorageEncryption;
import com.cmkorchestrator.core.ports.TargetState.DiskEncryptionSetState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static com.cmkorchestrator.adapters.support.EmulatedAzure.ENCRYPTION_USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link CmkTargets} on disk encryption sets, through {@code azure-resourcemanager-compute}. */
class DiskEncryptionSetTargetTest {
    private static final String TYPE = "Microsoft.Compute/diskEncryptionSets";
    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("des-rg").withActiveHsm("hsm-des");
    private final URI hsm = azure.hsm();
    private final CmkTargets targets = new CmkTargets(azure.connection());

    @Test
    void aSetThatDoesNotExistReadsAsEmpty() {
        assertThat(targets.read(azure.id("des-rg", TYPE, "des-absent"))).isEmpty();
    }

    @Test
    void readReportsTheVersionedKeyTheRotationFlagAndTheIdentity() {
        Identity identity = azure.identity("des-rg", "uami-read");
        KeyRef key = azure.grantedKey("des-read-key", identity.principalId());
        ArmId set = diskEncryptionSet("des-read", identity, key, true);

        DiskEncryptionSetState state = (DiskEncryptionSetState) targets.read(set).orElseThrow();

        assertThat(state.activeKey()).isEqualTo(key);
        assertThat(state.rotationToLatestKeyVersionEnabled()).isTrue();
        assertThat(state.userAssignedIdentities()).containsExactly(ArmId.parse(identity.id()));
        assertThat(state.rotationError()).isEmpty();
        assertThat(state.isBusy()).isFalse();
    }

    @Test
    void attachingAnIdentityKeepsTheSetsOwnAndWritesOnlyOnce() {
        Identity own = azure.identity("des-rg", "uami-own");
        Identity extra = azure.identity("des-rg", "uami-extra");
        ArmId set = diskEncryptionSet("des-attach", own, azure.grantedKey("des-attach-key", own.principalId()), false);
        long mark = azure.emulator().requestLog().mark();

        targets.attachIdentity(set, ArmId.parse(extra.id()));
        targets.attachIdentity(set, ArmId.parse(extra.id()));

        assertThat(targets.read(set).orElseThrow().userAssignedIdentities())
                .containsExactlyInAnyOrder(ArmId.parse(own.id()), ArmId.parse(extra.id()));
        assertThat(azure.emulator().requestLog().since(mark)).filteredOn(entry -> entry.isWrite()).hasSize(1);
    }

    @Test
    void bindWritesTheNewVersionAndTheRotationFlag() {
        Identity identity = azure.identity("des-rg", "uami-bind");
        KeyRef first = azure.grantedKey("des-bind-key", identity.principalId());
        ArmId set = diskEncryptionSet("des-bind", identity, first, false);
        azure.emulator().clock().advance(Duration.ofHours(1));
        KeyRef second = first.withVersion(azure.createKey(hsm, "des-bind-key"));

        targets.bind(new DiskEncryptionSetKey(set, second, true, ArmId.parse(identity.id())));

        DiskEncryptionSetState state = (DiskEncryptionSetState) targets.read(set).orElseThrow();
        assertThat(state.activeKey()).isEqualTo(second);
        assertThat(state.rotationToLatestKeyVersionEnabled()).isTrue();
    }

    @Test
    void bindAttachesTheBindingsIdentityInTheSameWriteWhenItIsMissing() {
        Identity original = azure.identity("des-rg", "uami-original");
        Identity added = azure.identity("des-rg", "uami-added");
        KeyRef key = azure.grantedKey("des-added-key", original.principalId());
        azure.grant(hsm, "/keys/des-added-key", ENCRYPTION_USER, added.principalId());
        ArmId set = diskEncryptionSet("des-added", original, key, false);
        long mark = azure.emulator().requestLog().mark();

        targets.bind(new DiskEncryptionSetKey(set, key, true, ArmId.parse(added.id())));

        assertThat(targets.read(set).orElseThrow().userAssignedIdentities()).contains(ArmId.parse(added.id()));
        assertThat(azure.emulator().requestLog().since(mark)).filteredOn(entry -> entry.method().equals("PATCH")).hasSize(1);
    }

    @Test
    void aKeyTheIdentityCannotUseIsRefusedAsKeyVaultAccessForbidden() {
        Identity identity = azure.identity("des-rg", "uami-forbidden");
        KeyRef granted = azure.grantedKey("des-granted-key", identity.principalId());
        ArmId set = diskEncryptionSet("des-forbidden", identity, granted, false);
        KeyRef other = KeyRef.of(hsm, "des-other-key").withVersion(azure.createKey(hsm, "des-other-key"));

        assertThatThrownBy(() -> targets.bind(new DiskEncryptionSetKey(set, other, false, ArmId.parse(identity.id()))))
                .isInstanceOfSatisfying(AzureCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.errorCode()).contains("KeyVaultAccessForbidden");
                    assertThat(e.azureMessage()).contains("Please grant get, wrap and unwrap key permissions");
                    assertThat(ErrorClassifier.standard().classify(e).errorClass()).isEqualTo(ErrorClass.SLOW_RETRYABLE);
                });
        assertThat(((DiskEncryptionSetState) targets.read(set).orElseThrow()).activeKey()).isEqualTo(granted);
    }

    @Test
    void anAutomaticRotationThatFailsShowsAsTheSetsRotationError() {
        Identity identity = azure.identity("des-rg", "uami-doomed");
        KeyRef key = azure.grantedKey("des-doomed-key", identity.principalId());
        ArmId set = diskEncryptionSet("des-doomed", identity, key, true);
        azure.connection().msi().identities().deleteById(identity.id());
        azure.emulator().clock().advance(Duration.ofMinutes(5));
        azure.createKey(hsm, "des-doomed-key");

        azure.emulator().clock().advance(Duration.ofMinutes(61));

        DiskEncryptionSetState state = (DiskEncryptionSetState) targets.read(set).orElseThrow();
        assertThat(state.rotationError()).hasValueSatisfying(error -> assertThat(error.code()).isNotBlank());
        assertThat(state.activeKey()).isEqualTo(key);
    }

    @Test
    void aStorageBindingAimedAtASetIsRefusedBeforeAnyCall() {
        ArmId set = azure.id("des-rg", TYPE, "des-mismatch");
        long mark = azure.emulator().requestLog().mark();

        assertThatThrownBy(() -> targets.bind(new StorageEncryption(set, KeyRef.of(hsm, "any-key"),
                azure.id("des-rg", "Microsoft.ManagedIdentity/userAssignedIdentities", "any"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(azure.emulator().requestLog().since(mark)).isEmpty();
    }


    /** Made through the compute SDK's inner model: the fluent API has no user-assigned identities. */
    private ArmId diskEncryptionSet(String name, Identity identity, KeyRef key, boolean rotateToLatest) {
        azure.connection().compute().serviceClient().getDiskEncryptionSets().createOrUpdate("des-rg", name,
                new DiskEncryptionSetInner().withLocation("westus")
                        .withIdentity(new EncryptionSetIdentity().withType(DiskEncryptionSetIdentityType.USER_ASSIGNED)
                                .withUserAssignedIdentities(Map.of(identity.id(), new VirtualMachineIdentityUserAssignedIdentities())))
                        .withEncryptionType(DiskEncryptionSetType.ENCRYPTION_AT_REST_WITH_CUSTOMER_KEY)
                        .withActiveKey(new KeyForDiskEncryptionSet().withKeyUrl(key.url()))
                        .withRotationToLatestKeyVersionEnabled(rotateToLatest));
        return azure.id("des-rg", TYPE, name);
    }
}
