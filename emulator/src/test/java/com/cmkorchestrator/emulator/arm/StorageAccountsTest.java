package com.cmkorchestrator.emulator.arm;

import com.azure.core.management.Region;
import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.msi.models.Identity;
import com.azure.resourcemanager.storage.StorageManager;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.resourcemanager.storage.models.StorageAccount;
import com.cmkorchestrator.emulator.support.ArmScenario;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.FakeFleet;
import com.cmkorchestrator.emulator.support.Principals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Storage accounts and their customer-managed key, against a stand-in HSM (the real one: CmkEnforcementTest). */
class StorageAccountsTest {
    private static EmulatorFixture fixture;
    private static ArmScenario arm;
    private static StorageManager storage;
    private static FakeFleet.Hsm hsm;
    private static String hsmUri;

    @BeforeAll
    static void start() {
        fixture = EmulatorFixture.withFakeHsms();
        arm = new ArmScenario(fixture);
        arm.group("st-rg");
        var created = arm.hsm("st-rg", "hsm-storage");
        hsm = fixture.fakeFleet.hsm(created.id());
        hsmUri = created.properties().hsmUri();
        storage = fixture.azure.storage(Principals.DEPLOYER);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void anAccountWithoutEncryptionSettingsUsesMicrosoftManagedKeys() {
        StorageAccount account = storage.storageAccounts().define("stplain").withRegion(Region.US_WEST)
                .withExistingResourceGroup("st-rg").create();

        StorageAccountInner inner = account.innerModel();
        assertThat(inner.encryption().keySource().toString()).isEqualTo("Microsoft.Storage");
        assertThat(inner.provisioningState().toString()).isEqualTo("Succeeded");
        assertThat(inner.primaryEndpoints().blob()).isEqualTo("https://stplain.blob.core.windows.net/");
    }

    @Test
    void aVersionlessCustomerManagedKeyIsBoundThroughTheUserAssignedIdentity() {
        Identity identity = arm.identity("st-rg", "uami-bound");
        String version = grantedKey(identity, "key-bound");

        StorageAccount account = boundAccount("stbound", identity, "key-bound", null);

        var key = account.innerModel().encryption().keyVaultProperties();
        assertThat(key.currentVersionedKeyIdentifier()).isEqualTo(hsm.keyId("key-bound", version));
        assertThat(key.lastKeyRotationTimestamp()).isNotNull();
        assertThat(account.innerModel().encryption().encryptionIdentity().encryptionUserAssignedIdentity())
                .isEqualToIgnoringCase(identity.id());
    }

    @Test
    void aKeyTheIdentityCannotUseIsRefusedAndNothingIsCreated() {
        Identity identity = arm.identity("st-rg", "uami-denied");
        hsm.rotate("key-denied");

        assertThatThrownBy(() -> boundAccount("stdenied", identity, "key-denied", null))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getValue().getCode()).isEqualTo("KeyVaultAuthenticationFailure");
                });
        assertThat(storage.storageAccounts().listByResourceGroup("st-rg").stream().map(StorageAccount::name))
                .doesNotContain("stdenied");
    }

    @Test
    void aVersionlessKeyMovesToTheNewVersion24HoursAfterItAppeared() {
        Identity identity = arm.identity("st-rg", "uami-rotate");
        String first = grantedKey(identity, "key-rotate");
        StorageAccount account = boundAccount("strotate", identity, "key-rotate", null);

        String second = hsm.rotate("key-rotate");
        fixture.emulator.clock().advance(Duration.ofHours(23));
        assertThat(currentKey(account)).isEqualTo(hsm.keyId("key-rotate", first));
        OffsetDateTime before = account.refresh().innerModel().encryption().keyVaultProperties().lastKeyRotationTimestamp();
        fixture.emulator.clock().advance(Duration.ofHours(1).plusMinutes(1));

        assertThat(currentKey(account)).isEqualTo(hsm.keyId("key-rotate", second));
        assertThat(account.refresh().innerModel().encryption().keyVaultProperties().lastKeyRotationTimestamp()).isAfter(before);
    }

    @Test
    void aPinnedKeyVersionNeverMoves() {
        Identity identity = arm.identity("st-rg", "uami-pinned");
        String pinned = grantedKey(identity, "key-pinned");
        StorageAccount account = boundAccount("stpinned", identity, "key-pinned", pinned);

        hsm.rotate("key-pinned");
        fixture.emulator.clock().advance(Duration.ofDays(2));

        assertThat(currentKey(account)).isEqualTo(hsm.keyId("key-pinned", pinned));
    }

    @Test
    void switchingBackToMicrosoftManagedKeysIsAnUpdate() {
        Identity identity = arm.identity("st-rg", "uami-back");
        grantedKey(identity, "key-back");
        StorageAccount account = boundAccount("stback", identity, "key-back", null);

        account.update().withMicrosoftManagedEncryptionKey().apply();

        assertThat(account.refresh().innerModel().encryption().keySource().toString()).isEqualTo("Microsoft.Storage");
    }

    @Test
    void anAccountNameIsGloballyUnique() {
        arm.group("st-other-rg");
        storage.storageAccounts().define("sttaken").withRegion(Region.US_WEST).withExistingResourceGroup("st-rg").create();

        assertThatThrownBy(() -> storage.storageAccounts().define("sttaken").withRegion(Region.US_WEST)
                .withExistingResourceGroup("st-other-rg").create())
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(409);
                    assertThat(e.getValue().getCode()).isEqualTo("StorageAccountAlreadyTaken");
                });
    }

    @Test
    void anInvalidAccountNameIsAccountNameInvalid() {
        assertThatThrownBy(() -> storage.storageAccounts().define("Not_Valid").withRegion(Region.US_WEST)
                .withExistingResourceGroup("st-rg").create())
                .isInstanceOfSatisfying(ManagementException.class, e -> assertThat(e.getValue().getCode()).isEqualTo("AccountNameInvalid"));
    }

    /** A new version of {@code key}, which {@code identity} may use; returns the version. */
    private static String grantedKey(Identity identity, String key) {
        String version = hsm.rotate(key);
        hsm.grant(identity.principalId(), key);
        return version;
    }

    /** An account whose key is {@code key} (versionless when {@code version} is null), used through {@code identity}. */
    private static StorageAccount boundAccount(String name, Identity identity, String key, String version) {
        return storage.storageAccounts().define(name).withRegion(Region.US_WEST).withExistingResourceGroup("st-rg")
                .withExistingUserAssignedManagedServiceIdentity(identity)
                .withEncryptionKeyFromKeyVault(hsmUri, key, version, identity).create();
    }

    private static String currentKey(StorageAccount account) {
        return account.refresh().innerModel().encryption().keyVaultProperties().currentVersionedKeyIdentifier();
    }
}
