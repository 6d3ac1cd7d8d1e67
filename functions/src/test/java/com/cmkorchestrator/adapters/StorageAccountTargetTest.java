package com.cmkorchestrator.adapters;

import com.azure.core.management.Region;
import com.azure.resourcemanager.msi.models.Identity;
import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.errors.ErrorClass;
import com.cmkorchestrator.core.errors.ErrorClassifier;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.ports.TargetBinding.StorageEncryption;
import com.cmkorchestrator.core.ports.TargetState.StorageAccountState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link CmkTargets} on storage accounts, through {@code azure-resourcemanager-storage}. */
class StorageAccountTargetTest {
    private static final String TYPE = "Microsoft.Storage/storageAccounts";
    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("st-rg").withActiveHsm("hsm-storage");
    private final URI hsm = azure.hsm();
    private final CmkTargets targets = new CmkTargets(azure.connection());

    @Test
    void anAccountThatDoesNotExistReadsAsEmpty() {
        assertThat(targets.read(azure.id("st-rg", TYPE, "stabsent"))).isEmpty();
    }

    @Test
    void anAccountWithMicrosoftManagedKeysReadsWithoutKey() {
        Identity identity = azure.identity("st-rg", "uami-plain");
        ArmId account = account("stplain", identity);

        StorageAccountState state = (StorageAccountState) targets.read(account).orElseThrow();

        assertThat(state.key()).isNull();
        assertThat(state.references()).isEmpty();
        assertThat(state.userAssignedIdentities()).containsExactly(ArmId.parse(identity.id()));
        assertThat(state.provisioningState()).isEqualTo("Succeeded");
        assertThat(state.location()).isEqualTo("westus");
    }

    @Test
    void attachingAnIdentityKeepsTheIdentitiesAlreadyThere() {
        Identity first = azure.identity("st-rg", "uami-first");
        Identity second = azure.identity("st-rg", "uami-second");
        ArmId account = account("stattach", first);

        targets.attachIdentity(account, ArmId.parse(second.id()));

        assertThat(targets.read(account).orElseThrow().userAssignedIdentities())
                .containsExactlyInAnyOrder(ArmId.parse(first.id()), ArmId.parse(second.id()));
    }

    @Test
    void attachingAnIdentityAlreadyThereWritesNothing() {
        Identity identity = azure.identity("st-rg", "uami-there");
        ArmId account = account("stthere", identity);
        long mark = azure.emulator().requestLog().mark();

        targets.attachIdentity(account, ArmId.parse(identity.id()));

        assertThat(azure.emulator().requestLog().since(mark)).noneMatch(entry -> entry.isWrite());
    }

    @Test
    void aVersionlessBindLetsStorageFollowNewVersions() {
        Identity identity = azure.identity("st-rg", "uami-auto");
        ArmId account = account("stauto", identity);
        String first = azure.grantedKey("st-auto-key", identity.principalId()).version();

        targets.bind(new StorageEncryption(account, KeyRef.of(hsm, "st-auto-key"), ArmId.parse(identity.id())));

        StorageAccountState bound = (StorageAccountState) targets.read(account).orElseThrow();
        assertThat(bound.key()).isEqualTo(KeyRef.of(hsm, "st-auto-key"));
        assertThat(bound.encryptionIdentity()).isEqualTo(ArmId.parse(identity.id()));
        assertThat(bound.currentVersionedKeyIdentifier()).isEqualTo(KeyRef.of(hsm, "st-auto-key").withVersion(first));

        azure.emulator().clock().advance(Duration.ofHours(1));
        String second = azure.createKey(hsm, "st-auto-key");
        azure.emulator().clock().advance(Duration.ofHours(24).plusMinutes(1));

        StorageAccountState moved = (StorageAccountState) targets.read(account).orElseThrow();
        assertThat(moved.currentVersionedKeyIdentifier().version()).isEqualTo(second);
        assertThat(moved.lastKeyRotationTimestamp()).isNotNull();
        assertThat(moved.key().version()).isNull();
    }

    @Test
    void aPinnedBindWritesTheVersion() {
        Identity identity = azure.identity("st-rg", "uami-pinned");
        ArmId account = account("stpinned", identity);
        KeyRef pinned = azure.grantedKey("st-pinned-key", identity.principalId());

        targets.bind(new StorageEncryption(account, pinned, ArmId.parse(identity.id())));

        assertThat(targets.read(account).orElseThrow().references().values()).containsExactly(pinned);
    }

    @Test
    void aBindBeforeTheGrantIsRefusedAsAGrantStillPropagating() {
        Identity identity = azure.identity("st-rg", "uami-early");
        ArmId account = account("stearly", identity);
        azure.createKey(hsm, "st-early-key");

        assertThatThrownBy(() -> targets.bind(new StorageEncryption(account, KeyRef.of(hsm, "st-early-key"),
                ArmId.parse(identity.id()))))
                .isInstanceOfSatisfying(AzureCallException.class, e -> {
                    assertThat(e.errorCode()).contains("KeyVaultAuthenticationFailure");
                    assertThat(ErrorClassifier.standard().classify(e).errorClass()).isEqualTo(ErrorClass.SLOW_RETRYABLE);
                });
        assertThat(((StorageAccountState) targets.read(account).orElseThrow()).key()).isNull();
    }

    @Test
    void aRefusedBindPutsTheIdentitysPrincipalInDoubt() {
        Identity identity = azure.identity("st-rg", "uami-doubt");
        ArmId account = account("stdoubt", identity);
        azure.createKey(hsm, "st-doubt-key");
        List<ArmId> inDoubt = new ArrayList<>();

        assertThatThrownBy(() -> new CmkTargets(azure.connection(), inDoubt::add).bind(new StorageEncryption(account,
                KeyRef.of(hsm, "st-doubt-key"), ArmId.parse(identity.id())))).isInstanceOf(AzureCallException.class);

        assertThat(inDoubt).containsExactly(ArmId.parse(identity.id()));
    }

    private ArmId account(String name, Identity identity) {
        azure.connection().storage().storageAccounts().define(name).withRegion(Region.US_WEST).withExistingResourceGroup("st-rg")
                .withExistingUserAssignedManagedServiceIdentity(identity).create();
        return azure.id("st-rg", TYPE, name);
    }
}
