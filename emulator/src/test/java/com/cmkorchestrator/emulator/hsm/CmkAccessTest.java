package com.cmkorchestrator.emulator.hsm;

import com.azure.security.keyvault.administration.models.KeyVaultRoleScope;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.cmkorchestrator.emulator.hsm.rbac.BuiltInRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static com.cmkorchestrator.emulator.hsm.HsmTestbed.ADMIN;
import static com.cmkorchestrator.emulator.hsm.HsmTestbed.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Role propagation and {@link ManagedHsm#checkCmkAccess}: what Storage, DES or Databricks find when
 * they bind a key for an identity. Role assignments here take {@link #PROPAGATION} of emulated time.
 */
class CmkAccessTest {
    static final Duration PROPAGATION = Duration.ofMinutes(5);

    @RegisterExtension
    static final HsmTestbed testbed = HsmTestbed.perClass(PROPAGATION);

    /** An active HSM with key {@code cmk}; {@link HsmTestbed#OPERATOR}'s Crypto User role has propagated. */
    private static ManagedHsm hsmWithKey() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        testbed.clock.advance(PROPAGATION);
        testbed.keys(hsm, OPERATOR).createRsaKey(new CreateRsaKeyOptions("cmk").setHardwareProtected(true));
        return hsm;
    }

    private static String grantEncryptionUser(ManagedHsm hsm, String scope) {
        String identity = HsmTestbed.newPrincipal();
        testbed.access(hsm, ADMIN).createRoleAssignment(KeyVaultRoleScope.fromString(scope),
                BuiltInRole.CRYPTO_SERVICE_ENCRYPTION_USER.definitionId(), identity);
        return identity;
    }

    @Test
    void aNewAssignmentIsNotInEffectBeforeThePropagationDelayAndIsAfter() {
        ManagedHsm hsm = hsmWithKey();
        String identity = grantEncryptionUser(hsm, "/keys/cmk");

        assertThatThrownBy(() -> testbed.keys(hsm, identity).getKey("cmk")).hasMessageContaining("AccessDenied");
        assertThat(hsm.snapshot().roleAssignments()).filteredOn(a -> a.principalId().equals(identity))
                .singleElement().satisfies(a -> assertThat(a.effective()).isFalse());

        testbed.clock.advance(PROPAGATION);

        assertThat(testbed.keys(hsm, identity).getKey("cmk").getName()).isEqualTo("cmk");
        assertThat(hsm.snapshot().roleAssignments()).filteredOn(a -> a.principalId().equals(identity))
                .singleElement().satisfies(a -> assertThat(a.effective()).isTrue());
    }

    @Test
    void grantsTheLatestVersionToAnIdentityWithAPropagatedRole() {
        ManagedHsm hsm = hsmWithKey();
        String identity = grantEncryptionUser(hsm, "/keys/cmk");
        testbed.clock.advance(PROPAGATION);

        KeyAccessCheck check = hsm.checkCmkAccess("cmk", null, identity);

        assertThat(check).isEqualTo(new KeyAccessCheck.Granted(hsm.latestVersionId("cmk").orElseThrow()));
    }

    @Test
    void grantsAnOlderVersionWhenAskedByVersion() {
        ManagedHsm hsm = hsmWithKey();
        KeyVaultKey first = testbed.keys(hsm, OPERATOR).getKey("cmk");
        testbed.keys(hsm, OPERATOR).createRsaKey(new CreateRsaKeyOptions("cmk").setHardwareProtected(true));
        String identity = grantEncryptionUser(hsm, "/keys");
        testbed.clock.advance(PROPAGATION);

        assertThat(hsm.checkCmkAccess("cmk", first.getProperties().getVersion(), identity))
                .isEqualTo(new KeyAccessCheck.Granted(first.getId()));
    }

    @Test
    void deniesAnIdentityWhoseRoleHasNotPropagatedYet() {
        ManagedHsm hsm = hsmWithKey();
        String identity = grantEncryptionUser(hsm, "/keys/cmk");

        assertThat(hsm.checkCmkAccess("cmk", null, identity)).isInstanceOfSatisfying(KeyAccessCheck.Denied.class, d -> {
            assertThat(d.code()).isEqualTo("KeyVaultAccessForbidden");
            assertThat(d.message()).contains("Please grant get, wrap and unwrap key permissions").contains(identity);
        });
    }

    @Test
    void deniesAnIdentityWithoutARole() {
        ManagedHsm hsm = hsmWithKey();

        assertThat(hsm.checkCmkAccess("cmk", null, HsmTestbed.newPrincipal()))
                .isInstanceOfSatisfying(KeyAccessCheck.Denied.class, d -> assertThat(d.httpStatus()).isEqualTo(403));
    }

    @Test
    void deniesAnIdentityWhoseRoleCoversAnotherKey() {
        ManagedHsm hsm = hsmWithKey();
        String identity = grantEncryptionUser(hsm, "/keys/other");
        testbed.clock.advance(PROPAGATION);

        assertThat(hsm.checkCmkAccess("cmk", null, identity))
                .isInstanceOfSatisfying(KeyAccessCheck.Denied.class, d -> assertThat(d.code()).isEqualTo("KeyVaultAccessForbidden"));
    }

    @Test
    void deniesAMissingKey() {
        ManagedHsm hsm = hsmWithKey();
        String identity = grantEncryptionUser(hsm, "/");
        testbed.clock.advance(PROPAGATION);

        assertThat(hsm.checkCmkAccess("absent", null, identity))
                .isInstanceOfSatisfying(KeyAccessCheck.Denied.class, d -> assertThat(d.code()).isEqualTo("KeyVaultKeyNotFound"));
    }

    @Test
    void deniesADeletedKey() {
        ManagedHsm hsm = hsmWithKey();
        String identity = grantEncryptionUser(hsm, "/keys/cmk");
        testbed.clock.advance(PROPAGATION);
        testbed.keys(hsm, OPERATOR).beginDeleteKey("cmk").waitForCompletion();

        assertThat(hsm.checkCmkAccess("cmk", null, identity))
                .isInstanceOfSatisfying(KeyAccessCheck.Denied.class, d -> assertThat(d.code()).isEqualTo("KeyVaultKeyNotFound"));
        assertThat(hsm.latestVersionId("cmk")).isEmpty();
    }

    @Test
    void deniesADisabledVersion() {
        ManagedHsm hsm = hsmWithKey();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        keys.updateKeyProperties(keys.getKey("cmk").getProperties().setEnabled(false));
        String identity = grantEncryptionUser(hsm, "/keys/cmk");
        testbed.clock.advance(PROPAGATION);

        assertThat(hsm.checkCmkAccess("cmk", null, identity))
                .isInstanceOfSatisfying(KeyAccessCheck.Denied.class, d -> assertThat(d.code()).isEqualTo("KeyVaultKeyDisabled"));
    }

    @Test
    void deniesAVersionThatExpiredOnTheEmulatedClock() {
        ManagedHsm hsm = hsmWithKey();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        keys.updateKeyProperties(keys.getKey("cmk").getProperties()
                .setExpiresOn(OffsetDateTime.ofInstant(testbed.clock.instant(), ZoneOffset.UTC).plusDays(1)));
        String identity = grantEncryptionUser(hsm, "/keys/cmk");
        testbed.clock.advance(PROPAGATION);
        assertThat(hsm.checkCmkAccess("cmk", null, identity)).isInstanceOf(KeyAccessCheck.Granted.class);

        testbed.clock.advance(Duration.ofDays(1));

        assertThat(hsm.checkCmkAccess("cmk", null, identity))
                .isInstanceOfSatisfying(KeyAccessCheck.Denied.class, d -> assertThat(d.code()).isEqualTo("KeyVaultKeyExpired"));
    }

    @Test
    void deniesEverythingOnAnHsmThatIsNotActivated() {
        ManagedHsm hsm = testbed.provision();

        assertThat(hsm.checkCmkAccess("cmk", null, ADMIN))
                .isInstanceOfSatisfying(KeyAccessCheck.Denied.class, d -> assertThat(d.message()).contains("not activated"));
    }
}
