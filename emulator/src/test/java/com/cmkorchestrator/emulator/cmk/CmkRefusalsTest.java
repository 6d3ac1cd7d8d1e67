package com.cmkorchestrator.emulator.cmk;

import com.azure.core.management.Region;
import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.compute.fluent.DiskEncryptionSetsClient;
import com.azure.resourcemanager.compute.fluent.models.DiskEncryptionSetInner;
import com.azure.resourcemanager.keyvault.fluent.models.ManagedHsmInner;
import com.azure.resourcemanager.keyvault.models.ManagedHsmProperties;
import com.azure.resourcemanager.msi.models.Identity;
import com.azure.resourcemanager.resources.models.GenericResource;
import com.azure.resourcemanager.resources.models.Sku;
import com.azure.resourcemanager.storage.models.StorageAccount;
import com.cmkorchestrator.emulator.support.ArmScenario;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.Principals;
import com.cmkorchestrator.emulator.support.RealHsm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The customer-managed keys Azure refuses although the identity may use the key: keys in an HSM
 * without purge protection (Storage, Disk Encryption Sets, Databricks) and, for Databricks, a
 * workspace that is not on the premium tier. Every identity here holds its role, so the refusal has
 * no other reason.
 */
class CmkRefusalsTest {
    private static EmulatorFixture fixture;
    private static ArmScenario arm;
    private static RealHsm protectedHsm;
    private static RealHsm unprotectedHsm;
    private static DiskEncryptionSetsClient sets;

    @BeforeAll
    static void start() throws Exception {
        fixture = EmulatorFixture.withRealHsms(o -> o);
        arm = new ArmScenario(fixture);
        arm.group("refusals-rg");
        protectedHsm = new RealHsm(fixture, arm.hsm("refusals-rg", "hsm-protected").properties().hsmUri()).activate();
        unprotectedHsm = new RealHsm(fixture, arm.hsmWithoutPurgeProtection("refusals-rg", "hsm-unprotected")
                .properties().hsmUri()).activate();
        sets = fixture.azure.compute(Principals.DEPLOYER).serviceClient().getDiskEncryptionSets();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void storageRefusesAKeyFromAnHsmWithoutPurgeProtection() {
        Identity identity = arm.identity("refusals-rg", "uami-st");
        grantedKey(unprotectedHsm, identity.principalId(), "st-key");

        assertThatThrownBy(() -> storageBoundTo("strefused", identity, unprotectedHsm, "st-key"))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getValue().getCode()).isEqualTo("KeyVaultPolicyError");
                    assertThat(e.getValue().getMessage()).isEqualTo("Keyvault policy recoverable is not set");
                });
        assertThat(fixture.emulator.armDocuments()).noneMatch(doc -> doc.path("name").asText().equals("strefused"));
    }

    @Test
    void aDiskEncryptionSetRefusesAKeyFromAnHsmWithoutPurgeProtection() {
        Identity identity = arm.identity("refusals-rg", "uami-des");
        String version = grantedKey(unprotectedHsm, identity.principalId(), "des-key");

        assertThatThrownBy(() -> sets.createOrUpdate("refusals-rg", "des-refused",
                ArmScenario.diskEncryptionSet(identity, unprotectedHsm.keyId("des-key", version), false)))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getValue().getCode()).isEqualTo("KeyVaultPurgeProtectionRequired");
                    assertThat(e.getValue().getTarget()).isEqualTo("diskEncryptionSet.properties.activeKey.keyUrl");
                });
        assertThat(sets.listByResourceGroup("refusals-rg").stream().map(DiskEncryptionSetInner::name)).doesNotContain("des-refused");
    }

    @Test
    void databricksRefusesAKeyFromAnHsmWithoutPurgeProtection() {
        String version = grantedKey(unprotectedHsm, fixture.emulator.options().databricksAppObjectId(), "dbx-key");

        assertThatThrownBy(() -> workspace("dbx-refused", "premium", unprotectedHsm, "dbx-key", version))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getValue().getCode()).isEqualTo("InvalidEncryptionKeyVaultPurgeProtection");
                });
        assertThat(fixture.emulator.armDocuments()).noneMatch(doc -> doc.path("name").asText().equals("dbx-refused"));
    }

    @Test
    void databricksTakesCustomerManagedKeysOnlyOnThePremiumTier() {
        String version = grantedKey(protectedHsm, fixture.emulator.options().databricksAppObjectId(), "tier-key");

        assertThatThrownBy(() -> workspace("dbx-standard", "standard", protectedHsm, "tier-key", version))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
                    assertThat(e.getValue().getCode()).isEqualTo("InvalidEncryptionSkuTier");
                });

        assertThat(workspace("dbx-premium", "premium", protectedHsm, "tier-key", version).sku().name()).isEqualTo("premium");
    }

    @Test
    void purgeProtectionTurnedOnThroughArmLetsTheHsmsKeysBeBound() throws Exception {
        ManagedHsmInner created = arm.hsmWithoutPurgeProtection("refusals-rg", "hsm-later");
        RealHsm later = new RealHsm(fixture, created.properties().hsmUri()).activate();
        Identity identity = arm.identity("refusals-rg", "uami-later");
        grantedKey(later, identity.principalId(), "later-key");

        arm.keyVault().serviceClient().getManagedHsms().update("refusals-rg", "hsm-later", new ManagedHsmInner()
                .withLocation("westus").withSku(created.sku())
                .withProperties(new ManagedHsmProperties().withEnablePurgeProtection(true)));

        assertThat(storageBoundTo("stlater", identity, later, "later-key").innerModel().encryption().keyVaultProperties()
                .currentVersionedKeyIdentifier()).startsWith(later.uri());
    }

    private static String grantedKey(RealHsm hsm, String principal, String key) {
        String version = hsm.createKey(key);
        hsm.grantEncryptionUser(principal, key);
        return version;
    }

    private static StorageAccount storageBoundTo(String name, Identity identity, RealHsm hsm, String key) {
        return fixture.azure.storage(Principals.DEPLOYER).storageAccounts().define(name).withRegion(Region.US_WEST)
                .withExistingResourceGroup("refusals-rg").withExistingUserAssignedManagedServiceIdentity(identity)
                .withEncryptionKeyFromKeyVault(hsm.uri(), key, null, identity).create();
    }

    private static GenericResource workspace(String name, String tier, RealHsm hsm, String key, String version) {
        Map<String, Object> properties = Map.of(
                "managedResourceGroupId", "/subscriptions/" + fixture.emulator.options().subscriptionId()
                        + "/resourceGroups/" + name + "-managed",
                "encryption", Map.of("entities", Map.of("managedServices", Map.of("keySource", "Microsoft.Keyvault",
                        "keyVaultProperties", Map.of("keyVaultUri", hsm.uri(), "keyName", key, "keyVersion", version)))));
        return fixture.azure.resources(Principals.DEPLOYER).genericResources().define(name).withRegion("westus")
                .withExistingResourceGroup("refusals-rg").withResourceType("workspaces").withProviderNamespace("Microsoft.Databricks")
                .withoutPlan().withApiVersion("2026-01-01").withSku(new Sku().withName(tier)).withProperties(properties).create();
    }
}
