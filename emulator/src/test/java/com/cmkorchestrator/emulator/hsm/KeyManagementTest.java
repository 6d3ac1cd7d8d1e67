package com.cmkorchestrator.emulator.hsm;

import com.cmkorchestrator.emulator.hsm.keys.HsmProperties;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.util.polling.SyncPoller;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.DeletedKey;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.cmkorchestrator.emulator.hsm.keys.HsmKeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.IntStream;

import static com.cmkorchestrator.emulator.hsm.HsmTestbed.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key management through the real {@link KeyClient}: create, read, list, update, soft delete, recover, purge. */
class KeyManagementTest {
    @RegisterExtension
    static final HsmTestbed testbed = HsmTestbed.perClass();

    private static HttpResponseException failure(Runnable call) {
        try {
            call.run();
        } catch (HttpResponseException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void createsAnRsaHsmKeyWithAVersionedKidOnTheHsmUri() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyClient keys = testbed.keys(hsm, OPERATOR);

        KeyVaultKey key = keys.createRsaKey(new CreateRsaKeyOptions("cmk-1").setHardwareProtected(true)
                .setKeySize(2048).setTags(Map.of("owner", "tests")));

        assertThat(key.getId()).matches(hsm.uri() + "keys/cmk-1/[0-9a-f]{32}");
        assertThat(key.getKeyType()).isEqualTo(KeyType.RSA_HSM);
        assertThat(key.getKey().getN()).hasSize(256);
        assertThat(key.getKeyOperations()).contains(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY);
        assertThat(key.getProperties().isEnabled()).isTrue();
        assertThat(key.getProperties().getRecoveryLevel()).isEqualTo("Recoverable");
        assertThat(key.getProperties().getRecoverableDays()).isEqualTo(90);
        assertThat(key.getProperties().getTags()).containsEntry("owner", "tests");
    }

    @ParameterizedTest
    @EnumSource(names = {"P_256", "P_256K", "P_384", "P_521"})
    void createsEcHsmKeysOnEveryKeyVaultCurve(Curve curve) {
        ManagedHsm hsm = testbed.activeHsmWithOperator();

        KeyVaultKey key = testbed.keys(hsm, OPERATOR).createEcKey(new CreateEcKeyOptions("ec-" + curve.ordinal())
                .setHardwareProtected(true).setCurveName(curve.sdk));

        assertThat(key.getKeyType()).isEqualTo(KeyType.EC_HSM);
        assertThat(key.getKey().getCurveName()).isEqualTo(curve.sdk);
        assertThat(key.getKey().getX()).hasSize(curve.coordinateBytes);
    }

    enum Curve {
        P_256(KeyCurveName.P_256, 32), P_256K(KeyCurveName.P_256K, 32), P_384(KeyCurveName.P_384, 48),
        P_521(KeyCurveName.P_521, 66);

        final KeyCurveName sdk;
        final int coordinateBytes;

        Curve(KeyCurveName sdk, int coordinateBytes) {
            this.sdk = sdk;
            this.coordinateBytes = coordinateBytes;
        }
    }

    @Test
    void refusesSoftwareKeyTypesBecauseManagedHsmKeysAreHsmProtected() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();

        HttpResponseException error = failure(() -> testbed.keys(hsm, OPERATOR).createRsaKey(new CreateRsaKeyOptions("soft")));

        assertThat(error.getResponse().getStatusCode()).isEqualTo(400);
        assertThat(error.getMessage()).contains("BadParameter").contains("RSA-HSM");
    }

    @Test
    void refusesAKeySizeKeyVaultDoesNotOffer() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();

        HttpResponseException error = failure(() -> testbed.keys(hsm, OPERATOR)
                .createRsaKey(new CreateRsaKeyOptions("odd").setHardwareProtected(true).setKeySize(1024)));

        assertThat(error.getResponse().getStatusCode()).isEqualTo(400);
        assertThat(error.getMessage()).contains("BadParameter").contains("key_size");
    }

    @Test
    void refusesAnInvalidKeyNameWithBadParameter() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();

        HttpResponseException error = failure(() -> testbed.keys(hsm, OPERATOR)
                .createRsaKey(new CreateRsaKeyOptions("bad_name").setHardwareProtected(true)));

        assertThat(error.getResponse().getStatusCode()).isEqualTo(400);
        assertThat(error.getMessage()).contains("BadParameter").contains("^[a-zA-Z0-9-]{1,127}$");
        assertThat(hsm.snapshot().keys()).isEmpty();
    }

    @Test
    void createOnAnExistingKeyAddsAVersionAndGetReturnsLatestOrTheAskedVersion() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        KeyVaultKey first = keys.createRsaKey(new CreateRsaKeyOptions("k").setHardwareProtected(true));
        KeyVaultKey second = keys.createRsaKey(new CreateRsaKeyOptions("k").setHardwareProtected(true));

        assertThat(keys.getKey("k").getId()).isEqualTo(second.getId());
        assertThat(keys.getKey("k", first.getProperties().getVersion()).getKey().getN()).isEqualTo(first.getKey().getN());
        assertThat(keys.listPropertiesOfKeyVersions("k").stream().map(KeyProperties::getVersion))
                .containsExactlyInAnyOrder(first.getProperties().getVersion(), second.getProperties().getVersion());
    }

    @Test
    void keyNamesAreCaseInsensitive() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        keys.createRsaKey(new CreateRsaKeyOptions("MixedCase").setHardwareProtected(true));

        assertThat(keys.getKey("mixedcase").getName()).isEqualTo("MixedCase");
    }

    @Test
    void listsKeysAcrossPages() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        for (int i = 0; i < 27; i++) {
            keys.createEcKey(new CreateEcKeyOptions("ec" + i).setHardwareProtected(true));
        }

        assertThat(keys.listPropertiesOfKeys().stream().map(KeyProperties::getName)).hasSize(27).contains("ec0", "ec26");
    }

    @Test
    void updatesAttributesTagsAndOperationsOfOneVersion() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        KeyVaultKey key = keys.createRsaKey(new CreateRsaKeyOptions("upd").setHardwareProtected(true));
        OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).truncatedTo(ChronoUnit.SECONDS);

        KeyProperties properties = key.getProperties().setEnabled(false).setExpiresOn(expires)
                .setTags(Map.of("stage", "old"));
        KeyVaultKey updated = keys.updateKeyProperties(properties, KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY);

        assertThat(updated.getProperties().isEnabled()).isFalse();
        assertThat(updated.getProperties().getExpiresOn()).isEqualTo(expires);
        assertThat(updated.getProperties().getTags()).containsExactly(Map.entry("stage", "old"));
        assertThat(updated.getKeyOperations()).containsExactly(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY);
        assertThat(updated.getProperties().getUpdatedOn()).isAfterOrEqualTo(updated.getProperties().getCreatedOn());
    }

    @Test
    void deleteIsSoftAndRecoverBringsTheKeyBack() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        grantOfficer(hsm);
        KeyVaultKey key = keys.createRsaKey(new CreateRsaKeyOptions("gone").setHardwareProtected(true));

        SyncPoller<DeletedKey, Void> deletion = keys.beginDeleteKey("gone");
        DeletedKey deleted = deletion.waitForCompletion().getValue();

        assertThat(deleted.getRecoveryId()).isEqualTo(hsm.uri() + "deletedkeys/gone");
        assertThat(deleted.getScheduledPurgeDate()).isEqualTo(deleted.getDeletedOn().plusDays(90));
        assertThatThrownBy(() -> keys.getKey("gone")).isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("KeyNotFound");
        assertThat(keys.getDeletedKey("gone").getId()).isEqualTo(key.getId());
        assertThat(keys.listDeletedKeys().stream().map(DeletedKey::getName)).containsExactly("gone");

        KeyVaultKey recovered = keys.beginRecoverDeletedKey("gone").waitForCompletion().getValue();

        assertThat(recovered.getId()).isEqualTo(key.getId());
        assertThat(keys.getKey("gone").getId()).isEqualTo(key.getId());
    }

    @Test
    void aDeletedKeyNameCannotBeReusedUntilRecoveredOrPurged() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        keys.createRsaKey(new CreateRsaKeyOptions("reuse").setHardwareProtected(true));
        keys.beginDeleteKey("reuse").waitForCompletion();

        HttpResponseException error = failure(() -> keys.createRsaKey(new CreateRsaKeyOptions("reuse").setHardwareProtected(true)));

        assertThat(error.getResponse().getStatusCode()).isEqualTo(409);
        assertThat(error.getMessage()).contains("deleted but recoverable");
    }

    @Test
    void purgeIsRefusedUnderPurgeProtection() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        grantOfficer(hsm);
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        keys.createRsaKey(new CreateRsaKeyOptions("kept").setHardwareProtected(true));
        keys.beginDeleteKey("kept").waitForCompletion();

        HttpResponseException error = failure(() -> keys.purgeDeletedKey("kept"));

        assertThat(error.getResponse().getStatusCode()).isEqualTo(403);
        assertThat(error.getMessage()).contains("purge protection");
        assertThat(keys.getDeletedKey("kept")).isNotNull();
    }

    @Test
    void purgeRemovesTheKeyForGoodWithoutPurgeProtection() {
        ManagedHsm hsm = testbed.activeHsmWithOperator(new HsmProperties(7, false));
        grantOfficer(hsm);
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        KeyVaultKey key = keys.createRsaKey(new CreateRsaKeyOptions("temp").setHardwareProtected(true));
        assertThat(key.getProperties().getRecoveryLevel()).isEqualTo("CustomizedRecoverable+Purgeable");
        keys.beginDeleteKey("temp").waitForCompletion();

        keys.purgeDeletedKey("temp");

        assertThatThrownBy(() -> keys.getDeletedKey("temp")).isInstanceOf(ResourceNotFoundException.class);
        assertThat(hsm.snapshot().keys()).isEmpty();
    }

    @Test
    void deletedKeysArePurgedByTheServiceAfterTheRetentionPeriod() {
        ManagedHsm hsm = testbed.activeHsmWithOperator(new HsmProperties(7, true));
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        keys.createRsaKey(new CreateRsaKeyOptions("expiring").setHardwareProtected(true));
        keys.beginDeleteKey("expiring").waitForCompletion();

        testbed.clock.advance(java.time.Duration.ofDays(7).plusMinutes(1));

        assertThat(hsm.snapshot().keys()).isEmpty();
    }

    @Test
    void aKeyHoldsAtMostOneHundredVersions() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        // In parallel only to keep the test quick: the HSM serializes the creations.
        IntStream.range(0, HsmKeyStore.MAX_VERSIONS).parallel()
                .forEach(i -> keys.createEcKey(new CreateEcKeyOptions("full").setHardwareProtected(true)));

        HttpResponseException error = failure(() -> keys.createEcKey(new CreateEcKeyOptions("full").setHardwareProtected(true)));

        assertThat(error.getResponse().getStatusCode()).isEqualTo(400);
        assertThat(error.getMessage()).contains("100 versions");
        assertThat(hsm.snapshot().keys().get(0).versions()).hasSize(100);
    }

    private static void grantOfficer(ManagedHsm hsm) {
        testbed.access(hsm, HsmTestbed.ADMIN).createRoleAssignment(
                com.azure.security.keyvault.administration.models.KeyVaultRoleScope.GLOBAL,
                com.cmkorchestrator.emulator.hsm.rbac.BuiltInRole.CRYPTO_OFFICER.definitionId(), OPERATOR);
    }
}
