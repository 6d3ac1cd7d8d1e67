package com.cmkorchestrator.devhost;

import com.azure.core.management.Region;
import com.azure.resourcemanager.compute.fluent.models.DiskEncryptionSetInner;
import com.azure.resourcemanager.compute.models.DiskEncryptionSetIdentityType;
import com.azure.resourcemanager.compute.models.DiskEncryptionSetType;
import com.azure.resourcemanager.compute.models.EncryptionSetIdentity;
import com.azure.resourcemanager.compute.models.KeyForDiskEncryptionSet;
import com.azure.resourcemanager.compute.models.VirtualMachineIdentityUserAssignedIdentities;
import com.azure.resourcemanager.keyvault.fluent.models.ManagedHsmInner;
import com.azure.resourcemanager.keyvault.models.ManagedHsmProperties;
import com.azure.resourcemanager.keyvault.models.ManagedHsmSku;
import com.azure.resourcemanager.keyvault.models.ManagedHsmSkuFamily;
import com.azure.resourcemanager.keyvault.models.ManagedHsmSkuName;
import com.azure.resourcemanager.msi.models.Identity;
import com.azure.resourcemanager.resources.models.Sku;
import com.cmkorchestrator.adapters.AzureConnection;
import com.cmkorchestrator.adapters.HsmKeys;
import com.cmkorchestrator.adapters.HsmLocalRbac;
import com.cmkorchestrator.adapters.SecurityDomainDownload;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyType;
import com.cmkorchestrator.core.ports.CustomRole;
import com.cmkorchestrator.core.ports.KeyCreation;
import com.cmkorchestrator.core.ports.SecurityDomainOperation;
import com.cmkorchestrator.core.safety.KeyOperatorRole;
import com.cmkorchestrator.emulator.Emulator;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Prepares the emulator the way a platform team's deployment would before the app runs: a resource group, a
 * Managed HSM created through ARM and activated by a security domain download, the app given its custom key operator
 * role on it at {@code /keys} and nothing else (as the Bicep deployment script does), and the resources the
 * walkthrough binds. Everything goes through the real Azure SDK clients, as the deployer, and is printed as it happens.
 */
public final class AzureSeeder {

    static final String REGION = "westeurope";
    /** Managed HSM Crypto User: the deployer's, to create the bootstrap key (an HSM Administrator may not). */
    static final String CRYPTO_USER = "21dbd100-6940-42c2-9190-5d6cb909625b";
    /** Managed HSM Crypto Service Encryption User: what a resource's identity needs to wrap with a key. */
    static final String ENCRYPTION_USER = "33413926-3206-4cdd-b39a-83574fe37a17";

    private final Emulator emulator;
    private final AzureConnection azure;
    private final PrintStream out;

    public AzureSeeder(Emulator emulator, AzureConnection azure, PrintStream out) {
        this.emulator = emulator;
        this.azure = azure;
        this.out = out;
    }

    /**
     * @param deployer     the deployer's object ID: the connection's principal, the HSM's initial administrator
     * @param appPrincipal the app's object ID, granted what the Bicep deployment grants it
     */
    public SeededAzure seed(String deployer, String appPrincipal, String group, String hsmName) {
        String subscription = azure.subscriptionId();
        step("resource group " + group);
        azure.resources().resourceGroups().define(group).withRegion(REGION).create();
        URI hsmUri = createHsm(group, hsmName, deployer);
        activate(hsmName, hsmUri);
        HsmLocalRbac rbac = new HsmLocalRbac(azure);
        // exactly what bicep/main.bicep grants the app, so the local run proves those grants are enough
        CustomRole role = rbac.defineRole(hsmUri, KeyOperatorRole.forHsm(hsmName));
        step("granting the app (" + appPrincipal + ") its custom role '" + KeyOperatorRole.ROLE_NAME + "' ("
                + role.name() + ", " + role.dataActions().size() + " data actions, no purge or export) at "
                + KeyOperatorRole.SCOPE + ", as the Bicep deployment does");
        rbac.createAssignment(hsmUri, KeyOperatorRole.SCOPE, role.name(), appPrincipal,
                KeyOperatorRole.assignmentName(hsmName, appPrincipal));
        step("granting the deployer Crypto User at /keys, for the bootstrap key below");
        rbac.createAssignment(hsmUri, "/keys", CRYPTO_USER, deployer, UUID.randomUUID().toString());
        propagate();
        ArmId storage = storageAccount(group, "stcmkdemo");
        ArmId des = diskEncryptionSet(group, hsmUri, "des-cmk-demo");
        ArmId workspace = databricksWorkspace(group, "dbw-cmk-demo");
        return new SeededAzure(subscription, azure.tenantId(), group, deployer, appPrincipal,
                ArmId.resource(subscription, group, "Microsoft.KeyVault/managedHSMs", hsmName), hsmUri, storage, des,
                workspace);
    }

    private URI createHsm(String group, String name, String admin) {
        step("Managed HSM " + name + " (ARM create; provisioning takes "
                + emulator.options().hsmProvisioningDuration() + " emulated)");
        ManagedHsmInner definition = new ManagedHsmInner().withLocation(REGION)
                .withSku(new ManagedHsmSku().withFamily(ManagedHsmSkuFamily.B).withName(ManagedHsmSkuName.STANDARD_B1))
                .withProperties(new ManagedHsmProperties()
                        .withTenantId(UUID.fromString(azure.tenantId()))
                        .withInitialAdminObjectIds(List.of(admin))
                        .withSoftDeleteRetentionInDays(7)
                        .withEnablePurgeProtection(true));
        var hsms = azure.keyVault().serviceClient().getManagedHsms();
        var poller = hsms.beginCreateOrUpdate(group, name, definition);
        // the emulated clock would get there by itself; moving it keeps the local run short
        emulator.clock().advance(emulator.options().hsmProvisioningDuration());
        ManagedHsmInner created = poller.getFinalResult();
        return URI.create(created.properties().hsmUri());
    }

    private void activate(String name, URI hsmUri) {
        step("activating " + name + ": security domain download with 3 fresh wrapping certificates, quorum 2");
        SecurityDomainDownload download = new SecurityDomainDownload(azure);
        download.download(hsmUri, WrappingCertificates.generate(3), 2);
        for (int poll = 0; poll < 120; poll++) {
            SecurityDomainOperation status = download.downloadStatus(hsmUri);
            if (status.status() == SecurityDomainOperation.Status.SUCCESS) {
                return;
            }
            if (status.status() == SecurityDomainOperation.Status.FAILED) {
                throw new IllegalStateException("activation of " + name + " failed: " + status.details());
            }
            emulator.clock().advance(Duration.ofSeconds(30));
        }
        throw new IllegalStateException(name + " did not activate");
    }

    private ArmId storageAccount(String group, String name) {
        step("storage account " + name);
        return ArmId.parse(azure.storage().storageAccounts().define(name).withRegion(Region.fromName(REGION))
                .withExistingResourceGroup(group).create().id());
    }

    /**
     * Azure creates a disk encryption set only with a key, so this one starts on a bootstrap key reached through
     * its own identity; the binding later moves it to the key the app manages.
     */
    private ArmId diskEncryptionSet(String group, URI hsmUri, String name) {
        step("disk encryption set " + name + " (on a bootstrap key, as Azure requires a key to create one)");
        Identity identity = azure.msi().identities().define("id-" + name).withRegion(REGION)
                .withExistingResourceGroup(group).create();
        String version = new HsmKeys(azure).createKey(hsmUri, new KeyCreation("bootstrap-key", KeyType.RSA_HSM, 2048,
                null, KeyCreation.CMK_OPERATIONS, null)).version();
        new HsmLocalRbac(azure).createAssignment(hsmUri, "/keys/bootstrap-key", ENCRYPTION_USER, identity.principalId(),
                UUID.randomUUID().toString());
        propagate();
        DiskEncryptionSetInner definition = new DiskEncryptionSetInner().withLocation(REGION)
                .withIdentity(new EncryptionSetIdentity().withType(DiskEncryptionSetIdentityType.USER_ASSIGNED)
                        .withUserAssignedIdentities(Map.of(identity.id(), new VirtualMachineIdentityUserAssignedIdentities())))
                .withEncryptionType(DiskEncryptionSetType.ENCRYPTION_AT_REST_WITH_CUSTOMER_KEY)
                .withActiveKey(new KeyForDiskEncryptionSet().withKeyUrl(hsmUri + "keys/bootstrap-key/" + version));
        return ArmId.parse(azure.compute().serviceClient().getDiskEncryptionSets()
                .createOrUpdate(group, name, definition).id());
    }

    private ArmId databricksWorkspace(String group, String name) {
        step("Databricks workspace " + name);
        String managedGroup = "/subscriptions/" + azure.subscriptionId() + "/resourceGroups/" + group + "-" + name + "-managed";
        return ArmId.parse(azure.resources().genericResources().define(name).withRegion(REGION)
                .withExistingResourceGroup(group).withResourceType("workspaces")
                .withProviderNamespace("Microsoft.Databricks").withoutPlan().withApiVersion("2026-01-01")
                .withSku(new Sku().withName("premium"))
                .withProperties(Map.of("managedResourceGroupId", managedGroup)).create().id());
    }

    /** Local RBAC grants take effect after a delay; the emulated clock is moved past it rather than waited on. */
    private void propagate() {
        step("letting the grant propagate (" + emulator.options().roleAssignmentPropagation() + " emulated)");
        emulator.clock().advance(emulator.options().roleAssignmentPropagation());
    }

    private void step(String what) {
        out.println("[seed] " + what);
    }
}
