package com.cmkorchestrator.emulator.cmk;

import com.azure.core.management.Region;
import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.compute.fluent.DiskEncryptionSetsClient;
import com.azure.resourcemanager.compute.fluent.models.DiskEncryptionSetInner;
import com.azure.resourcemanager.compute.models.KeyForDiskEncryptionSet;
import com.azure.resourcemanager.msi.models.Identity;
import com.azure.resourcemanager.resources.models.GenericResource;
import com.azure.resourcemanager.resources.models.Sku;
import com.azure.resourcemanager.storage.StorageManager;
import com.azure.resourcemanager.storage.models.StorageAccount;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.cmkorchestrator.emulator.support.ArmScenario;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.Principals;
import com.cmkorchestrator.emulator.support.RealHsm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ARM's customer-managed key enforcement against the real Managed HSM data plane: keys created with
 * {@code KeyClient}, roles granted with {@code KeyVaultAccessControlClient}, binds through the ARM SDKs.
 */
class CmkEnforcementTest {
    private static final Duration PROPAGATION = Duration.ofMinutes(5);
    private static EmulatorFixture fixture;
    private static ArmScenario arm;
    private static RealHsm hsm;
    private static DiskEncryptionSetsClient sets;
    private static StorageManager storage;

    @BeforeAll
    static void start() throws Exception {
        fixture = EmulatorFixture.withRealHsms(o -> o.withRoleAssignmentPropagation(PROPAGATION));
        arm = new ArmScenario(fixture);
        arm.group("cmk-rg");
        hsm = new RealHsm(fixture, arm.hsm("cmk-rg", "hsm-cmk").properties().hsmUri()).activate();
        sets = fixture.azure.compute(Principals.DEPLOYER).serviceClient().getDiskEncryptionSets();
        storage = fixture.azure.storage(Principals.DEPLOYER);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aDiskEncryptionSetBindsOnlyOnceTheGrantedRoleHasPropagated() {
        Identity identity = arm.identity("cmk-rg", "uami-des");
        String version = hsm.createKey("des-key");
        DiskEncryptionSetInner definition = ArmScenario.diskEncryptionSet(identity, hsm.keyId("des-key", version), false);

        assertThatThrownBy(() -> sets.createOrUpdate("cmk-rg", "des-enforced", definition))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getValue().getCode()).isEqualTo("KeyVaultAccessForbidden");
                    assertThat(e.getValue().getMessage()).contains("Please grant get, wrap and unwrap key permissions to user-assigned identity");
                });
        hsm.grantEncryptionUser(identity.principalId(), "des-key");
        assertThatThrownBy(() -> sets.createOrUpdate("cmk-rg", "des-enforced", definition))
                .isInstanceOfSatisfying(ManagementException.class, e -> assertThat(e.getValue().getCode()).isEqualTo("KeyVaultAccessForbidden"));
        fixture.emulator.clock().advance(PROPAGATION);

        DiskEncryptionSetInner bound = sets.createOrUpdate("cmk-rg", "des-enforced", definition);

        assertThat(bound.activeKey().keyUrl()).isEqualTo(hsm.keyId("des-key", version));
    }

    @Test
    void aStorageAccountBindsOnlyWithTheRoleAndReportsTheVersionInForce() {
        Identity identity = arm.identity("cmk-rg", "uami-storage");
        String version = hsm.createKey("storage-key");

        assertThatThrownBy(() -> storageBoundTo("stenforced", identity, "storage-key"))
                .isInstanceOfSatisfying(ManagementException.class,
                        e -> assertThat(e.getValue().getCode()).isEqualTo("KeyVaultAuthenticationFailure"));
        hsm.grantEncryptionUser(identity.principalId(), "storage-key");
        fixture.emulator.clock().advance(PROPAGATION);

        StorageAccount account = storageBoundTo("stenforced", identity, "storage-key");

        assertThat(account.innerModel().encryption().keyVaultProperties().currentVersionedKeyIdentifier())
                .isEqualTo(hsm.keyId("storage-key", version));
    }

    @Test
    void aVersionlessStorageKeyMovesToAVersionCreatedWithTheKeyClient24HoursLater() {
        Identity identity = arm.identity("cmk-rg", "uami-pickup");
        grantedKey(identity, "pickup-key");
        StorageAccount account = storageBoundTo("stpickup", identity, "pickup-key");

        String second = hsm.createKey("pickup-key");
        fixture.emulator.clock().advance(Duration.ofHours(24).plusMinutes(1));

        assertThat(account.refresh().innerModel().encryption().keyVaultProperties().currentVersionedKeyIdentifier())
                .isEqualTo(hsm.keyId("pickup-key", second));
    }

    @Test
    void aDisabledKeyCannotBeBound() {
        Identity identity = arm.identity("cmk-rg", "uami-disabled");
        String version = grantedKey(identity, "disabled-key");
        KeyProperties properties = hsm.keys().getKey("disabled-key", version).getProperties().setEnabled(false);
        hsm.keys().updateKeyProperties(properties);

        assertThatThrownBy(() -> sets.createOrUpdate("cmk-rg", "des-disabled", ArmScenario.diskEncryptionSet(identity, hsm.keyId("disabled-key", version), false)))
                .isInstanceOfSatisfying(ManagementException.class, e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(400));
        assertThat(sets.listByResourceGroup("cmk-rg").stream().map(DiskEncryptionSetInner::name)).doesNotContain("des-disabled");
    }

    @Test
    void aKeyInAnHsmThatIsNotActivatedCannotBeBound() {
        RealHsm dormant = new RealHsm(fixture, arm.hsm("cmk-rg", "hsm-dormant").properties().hsmUri());
        Identity identity = arm.identity("cmk-rg", "uami-dormant");

        assertThatThrownBy(() -> sets.createOrUpdate("cmk-rg", "des-dormant", ArmScenario.diskEncryptionSet(identity, dormant.keyId("any-key", "0123456789abcdef0123456789abcdef"), false)))
                .isInstanceOfSatisfying(ManagementException.class, e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(400));
    }

    @Test
    void aDiskEncryptionSetFollowsANewVersionAnHourAfterItWasCreated() {
        Identity identity = arm.identity("cmk-rg", "uami-follow");
        String first = grantedKey(identity, "follow-key");
        sets.createOrUpdate("cmk-rg", "des-follow", ArmScenario.diskEncryptionSet(identity, hsm.keyId("follow-key", first), true));

        String second = hsm.createKey("follow-key");
        fixture.emulator.clock().advance(Duration.ofMinutes(61));

        DiskEncryptionSetInner set = sets.getByResourceGroup("cmk-rg", "des-follow");
        assertThat(set.activeKey().keyUrl()).isEqualTo(hsm.keyId("follow-key", second));
        assertThat(set.previousKeys()).extracting(KeyForDiskEncryptionSet::keyUrl).containsExactly(hsm.keyId("follow-key", first));
    }

    @Test
    void aDisabledNewVersionStopsTheAutomaticRotationWithAnError() {
        Identity identity = arm.identity("cmk-rg", "uami-stopped");
        String first = grantedKey(identity, "stopped-key");
        sets.createOrUpdate("cmk-rg", "des-stopped", ArmScenario.diskEncryptionSet(identity, hsm.keyId("stopped-key", first), true));

        String second = hsm.createKey("stopped-key");
        hsm.keys().updateKeyProperties(hsm.keys().getKey("stopped-key", second).getProperties().setEnabled(false));
        fixture.emulator.clock().advance(Duration.ofMinutes(61));

        DiskEncryptionSetInner set = sets.getByResourceGroup("cmk-rg", "des-stopped");
        assertThat(set.activeKey().keyUrl()).isEqualTo(hsm.keyId("stopped-key", first));
        assertThat(set.autoKeyRotationError().getMessage()).contains("KeyVaultKeyDisabled");
    }

    @Test
    void databricksManagedServicesNeedsTheAzureDatabricksApplicationToHoldTheRole() {
        String version = hsm.createKey("dbx-key");
        Map<String, Object> properties = Map.of(
                "managedResourceGroupId", "/subscriptions/" + fixture.emulator.options().subscriptionId() + "/resourceGroups/dbx-managed",
                "encryption", Map.of("entities", Map.of("managedServices", Map.of("keySource", "Microsoft.Keyvault",
                        "keyVaultProperties", Map.of("keyVaultUri", hsm.uri(), "keyName", "dbx-key", "keyVersion", version)))));

        assertThatThrownBy(() -> workspace(properties)).isInstanceOf(ManagementException.class);
        hsm.grantEncryptionUser(fixture.emulator.options().databricksAppObjectId(), "dbx-key");
        fixture.emulator.clock().advance(PROPAGATION);

        assertThat(workspace(properties).id()).endsWith("/workspaces/dbx-cmk");
    }

    private static GenericResource workspace(Map<String, Object> properties) {
        return fixture.azure.resources(Principals.DEPLOYER).genericResources().define("dbx-cmk").withRegion("westus")
                .withExistingResourceGroup("cmk-rg").withResourceType("workspaces").withProviderNamespace("Microsoft.Databricks")
                .withoutPlan().withApiVersion("2026-01-01").withSku(new Sku().withName("premium")).withProperties(properties).create();
    }

    /** A new key {@code key} whose role {@code identity} holds, propagated; returns its version. */
    private static String grantedKey(Identity identity, String key) {
        String version = hsm.createKey(key);
        hsm.grantEncryptionUser(identity.principalId(), key);
        fixture.emulator.clock().advance(PROPAGATION);
        return version;
    }

    private static StorageAccount storageBoundTo(String name, Identity identity, String key) {
        return storage.storageAccounts().define(name).withRegion(Region.US_WEST).withExistingResourceGroup("cmk-rg")
                .withExistingUserAssignedManagedServiceIdentity(identity)
                .withEncryptionKeyFromKeyVault(hsm.uri(), key, null, identity).create();
    }
}
