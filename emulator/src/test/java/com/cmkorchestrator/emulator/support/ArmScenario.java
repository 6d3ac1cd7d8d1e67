package com.cmkorchestrator.emulator.support;

import com.azure.core.management.Region;
import com.azure.resourcemanager.compute.fluent.models.DiskEncryptionSetInner;
import com.azure.resourcemanager.compute.models.DiskEncryptionSetIdentityType;
import com.azure.resourcemanager.compute.models.DiskEncryptionSetType;
import com.azure.resourcemanager.compute.models.EncryptionSetIdentity;
import com.azure.resourcemanager.compute.models.KeyForDiskEncryptionSet;
import com.azure.resourcemanager.compute.models.VirtualMachineIdentityUserAssignedIdentities;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import com.azure.resourcemanager.keyvault.fluent.models.ManagedHsmInner;
import com.azure.resourcemanager.keyvault.models.ManagedHsmProperties;
import com.azure.resourcemanager.keyvault.models.ManagedHsmSku;
import com.azure.resourcemanager.keyvault.models.ManagedHsmSkuFamily;
import com.azure.resourcemanager.keyvault.models.ManagedHsmSkuName;
import com.azure.resourcemanager.msi.models.Identity;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The ARM resources most tests start from, created through the SDK as the deployer. */
public final class ArmScenario {
    private final EmulatorFixture fixture;

    public ArmScenario(EmulatorFixture fixture) {
        this.fixture = fixture;
    }

    public void group(String name) {
        fixture.azure.resources(Principals.DEPLOYER).resourceGroups().define(name).withRegion(Region.US_WEST).create();
    }

    public Identity identity(String group, String name) {
        return fixture.azure.msi(Principals.DEPLOYER).identities().define(name).withRegion(Region.US_WEST)
                .withExistingResourceGroup(group).create();
    }

    /**
     * A Managed HSM through the inner client (the fluent API cannot create one), the deployer as its
     * admin, with purge protection: Storage, DES and Databricks refuse keys from an HSM without it.
     */
    public ManagedHsmInner hsm(String group, String name) {
        return keyVault().serviceClient().getManagedHsms().createOrUpdate(group, name, hsmDefinition(true));
    }

    /** As {@link #hsm}, without purge protection: its keys cannot be customer-managed keys. */
    public ManagedHsmInner hsmWithoutPurgeProtection(String group, String name) {
        return keyVault().serviceClient().getManagedHsms().createOrUpdate(group, name, hsmDefinition(false));
    }

    public ManagedHsmInner hsmDefinition(Boolean purgeProtection) {
        return new ManagedHsmInner().withLocation("westus")
                .withSku(new ManagedHsmSku().withFamily(ManagedHsmSkuFamily.B).withName(ManagedHsmSkuName.STANDARD_B1))
                .withProperties(new ManagedHsmProperties()
                        .withTenantId(UUID.fromString(fixture.emulator.options().tenantId()))
                        .withInitialAdminObjectIds(List.of(Principals.DEPLOYER))
                        .withSoftDeleteRetentionInDays(7)
                        .withEnablePurgeProtection(purgeProtection));
    }

    /** A disk encryption set bound to {@code keyUrl} through one user-assigned identity (the inner model: the fluent API has no user-assigned identities). */
    public static DiskEncryptionSetInner diskEncryptionSet(
            Identity identity, String keyUrl, boolean rotateToLatest) {
        return new DiskEncryptionSetInner().withLocation("westus")
                .withIdentity(new EncryptionSetIdentity()
                        .withType(DiskEncryptionSetIdentityType.USER_ASSIGNED)
                        .withUserAssignedIdentities(Map.of(identity.id(),
                                new VirtualMachineIdentityUserAssignedIdentities())))
                .withEncryptionType(DiskEncryptionSetType.ENCRYPTION_AT_REST_WITH_CUSTOMER_KEY)
                .withActiveKey(new KeyForDiskEncryptionSet().withKeyUrl(keyUrl))
                .withRotationToLatestKeyVersionEnabled(rotateToLatest);
    }

    /** The same disk encryption set as raw JSON, for tests that look at ARM's answer itself. */
    public static String diskEncryptionSetJson(Identity identity, String keyUrl) {
        return "{\"location\":\"westus\",\"identity\":{\"type\":\"UserAssigned\",\"userAssignedIdentities\":{\""
                + identity.id() + "\":{}}},\"properties\":{\"activeKey\":{\"keyUrl\":\"" + keyUrl + "\"},"
                + "\"encryptionType\":\"EncryptionAtRestWithCustomerKey\"}}";
    }

    public KeyVaultManager keyVault() {
        return fixture.azure.keyVault(Principals.DEPLOYER);
    }

    public String subscriptionId() {
        return fixture.emulator.options().subscriptionId();
    }
}
