package com.cmkorchestrator.emulator.arm;

import com.azure.core.management.Region;
import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.DiskEncryptionSetsClient;
import com.azure.resourcemanager.compute.fluent.models.DiskEncryptionSetInner;
import com.azure.resourcemanager.compute.models.DiskEncryptionSetType;
import com.azure.resourcemanager.compute.models.KeyForDiskEncryptionSet;
import com.azure.resourcemanager.msi.models.Identity;
import com.cmkorchestrator.emulator.support.ArmScenario;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.FakeFleet;
import com.cmkorchestrator.emulator.support.Principals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Disk Encryption Sets against a stand-in HSM (the real one: CmkEnforcementTest). */
class DiskEncryptionSetsTest {
    private static EmulatorFixture fixture;
    private static ArmScenario arm;
    private static ComputeManager compute;
    private static DiskEncryptionSetsClient sets;
    private static FakeFleet.Hsm hsm;
    private static String hsmId;

    @BeforeAll
    static void start() {
        fixture = EmulatorFixture.withFakeHsms();
        arm = new ArmScenario(fixture);
        arm.group("des-rg");
        var created = arm.hsm("des-rg", "hsm-des");
        hsmId = created.id();
        hsm = fixture.fakeFleet.hsm(hsmId);
        compute = fixture.azure.compute(Principals.DEPLOYER);
        sets = compute.serviceClient().getDiskEncryptionSets();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aVersionlessKeyUrlIsRefusedWhateverTheRotationFlag() {
        Identity identity = arm.identity("des-rg", "uami-versionless");
        hsm.rotate("key-versionless");
        DiskEncryptionSetInner definition = ArmScenario.diskEncryptionSet(identity, hsm.uri() + "keys/key-versionless", true);

        assertThatThrownBy(() -> sets.createOrUpdate("des-rg", "des-versionless", definition))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getValue().getCode()).isEqualTo("InvalidParameter");
                    assertThat(e.getValue().getTarget()).endsWith("activeKey.keyUrl");
                });
    }

    @Test
    void aUserAssignedIdentityWithoutAccessIsKeyVaultAccessForbidden() {
        Identity identity = arm.identity("des-rg", "uami-forbidden");
        String version = hsm.rotate("key-forbidden");

        assertThatThrownBy(() -> sets.createOrUpdate("des-rg", "des-forbidden",
                ArmScenario.diskEncryptionSet(identity, hsm.keyId("key-forbidden", version), false)))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getValue().getCode()).isEqualTo("KeyVaultAccessForbidden");
                    assertThat(e.getValue().getMessage()).contains("Please grant get, wrap and unwrap key permissions to user-assigned identity");
                });
        assertThat(sets.listByResourceGroup("des-rg").stream().map(DiskEncryptionSetInner::name)).doesNotContain("des-forbidden");
    }

    @Test
    void aSystemAssignedSetIsCreatedBeforeItsIdentityCanHoldARole() {
        String version = hsm.rotate("key-system");

        var set = compute.diskEncryptionSets().define("des-system").withRegion(Region.US_WEST)
                .withExistingResourceGroup("des-rg").withEncryptionType(DiskEncryptionSetType.ENCRYPTION_AT_REST_WITH_CUSTOMER_KEY)
                .withExistingKeyVault(hsmId).withExistingKey(hsm.keyId("key-system", version))
                .withSystemAssignedManagedServiceIdentity().create();

        assertThat(set.systemAssignedManagedServiceIdentityPrincipalId()).isNotBlank();
        assertThat(set.encryptionKeyId()).isEqualTo(hsm.keyId("key-system", version));
    }

    @Test
    void rotationToLatestMovesTheKeyAnHourAfterTheNewVersionAppeared() {
        Identity identity = arm.identity("des-rg", "uami-latest");
        String first = grantedSet(identity, "des-latest", "key-latest", true);

        String second = hsm.rotate("key-latest");
        fixture.emulator.clock().advance(Duration.ofMinutes(59));
        assertThat(sets.getByResourceGroup("des-rg", "des-latest").activeKey().keyUrl()).isEqualTo(hsm.keyId("key-latest", first));
        fixture.emulator.clock().advance(Duration.ofMinutes(2));

        DiskEncryptionSetInner rotated = sets.getByResourceGroup("des-rg", "des-latest");
        assertThat(rotated.activeKey().keyUrl()).isEqualTo(hsm.keyId("key-latest", second));
        assertThat(rotated.previousKeys()).extracting(KeyForDiskEncryptionSet::keyUrl).containsExactly(hsm.keyId("key-latest", first));
        assertThat(rotated.lastKeyRotationTimestamp()).isNotNull();
        assertThat(rotated.autoKeyRotationError()).isNull();
    }

    @Test
    void aNewVersionTheIdentityCannotUseIsReportedAsAutoKeyRotationError() {
        Identity identity = arm.identity("des-rg", "uami-lost");
        String first = grantedSet(identity, "des-lost", "key-lost", true);

        hsm.revoke(identity.principalId(), "key-lost");
        hsm.rotate("key-lost");
        fixture.emulator.clock().advance(Duration.ofHours(2));

        DiskEncryptionSetInner set = sets.getByResourceGroup("des-rg", "des-lost");
        assertThat(set.activeKey().keyUrl()).isEqualTo(hsm.keyId("key-lost", first));
        assertThat(set.autoKeyRotationError().getCode()).isEqualTo("KeyVaultAccessForbidden");
    }

    @Test
    void withoutTheFlagTheKeyStaysPinned() {
        Identity identity = arm.identity("des-rg", "uami-pinned");
        String first = grantedSet(identity, "des-pinned", "key-pinned", false);

        hsm.rotate("key-pinned");
        fixture.emulator.clock().advance(Duration.ofHours(3));

        assertThat(sets.getByResourceGroup("des-rg", "des-pinned").activeKey().keyUrl()).isEqualTo(hsm.keyId("key-pinned", first));
    }

    @Test
    void deletingASetRemovesIt() {
        Identity identity = arm.identity("des-rg", "uami-delete");
        String version = grantedSet(identity, "des-delete", "key-delete", false);

        sets.delete("des-rg", "des-delete");

        assertThat(sets.listByResourceGroup("des-rg").stream().map(DiskEncryptionSetInner::name)).doesNotContain("des-delete");
    }

    /** A set using a new version of {@code key} through {@code identity}, which may use the key; returns the version. */
    private static String grantedSet(Identity identity, String name, String key, boolean rotateToLatest) {
        String version = hsm.rotate(key);
        hsm.grant(identity.principalId(), key);
        sets.createOrUpdate("des-rg", name, ArmScenario.diskEncryptionSet(identity, hsm.keyId(key, version), rotateToLatest));
        return version;
    }
}
