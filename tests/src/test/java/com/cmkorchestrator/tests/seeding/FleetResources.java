package com.cmkorchestrator.tests.seeding;

import com.azure.core.management.Region;
import com.azure.resourcemanager.compute.fluent.models.DiskEncryptionSetInner;
import com.azure.resourcemanager.compute.models.DiskEncryptionSetIdentityType;
import com.azure.resourcemanager.compute.models.DiskEncryptionSetType;
import com.azure.resourcemanager.compute.models.EncryptionSetIdentity;
import com.azure.resourcemanager.compute.models.KeyForDiskEncryptionSet;
import com.azure.resourcemanager.msi.models.Identity;
import com.azure.resourcemanager.storage.models.Encryption;
import com.azure.resourcemanager.storage.models.EncryptionIdentity;
import com.azure.resourcemanager.storage.models.IdentityType;
import com.azure.resourcemanager.storage.models.UserAssignedIdentity;
import com.azure.security.keyvault.administration.models.KeyVaultRoleScope;
import com.azure.resourcemanager.storage.models.KeySource;
import com.azure.resourcemanager.storage.models.KeyVaultProperties;
import com.azure.resourcemanager.storage.models.StorageAccountUpdateParameters;
import com.cmkorchestrator.adapters.AzureConnection;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.devhost.LocalEnvironment;

import java.net.URI;
import java.util.Map;

/**
 * The resources a fleet test binds, made as a platform team would (the deployer, through the SDK), and the changes
 * other people make to them behind the app's back (any principal). The end-to-end suites themselves reach Azure only
 * through the app; what the emulator holds they read from its own records.
 */
public final class FleetResources {

    /** Managed HSM Crypto Service Encryption User (azure-facts 3). */
    private static final String ENCRYPTION_USER = "33413926-3206-4cdd-b39a-83574fe37a17";

    private final LocalEnvironment environment;
    private final AzureConnection deployer;

    public FleetResources(LocalEnvironment environment) {
        this.environment = environment;
        this.deployer = LocalEnvironment.connect(environment.emulator(), LocalEnvironment.DEPLOYER);
    }

    private String group() {
        return environment.seeded().resourceGroup();
    }

    public ArmId storageAccount(String name) {
        deployer.storage().storageAccounts().define(name).withRegion(Region.EUROPE_WEST).withExistingResourceGroup(group())
                .create();
        return ArmId.resource(environment.seeded().subscriptionId(), group(), "Microsoft.Storage/storageAccounts", name);
    }

    /**
     * A disk encryption set on the seeded bootstrap key through a system-assigned identity (Azure creates a set only
     * with a key, and a new system identity needs no grant yet); a binding then moves it to its own key.
     */
    public ArmId diskEncryptionSet(String name) {
        URI hsm = environment.seeded().hsmUri();
        String version = deployer.keyClient(hsm).getKey("bootstrap-key").getProperties().getVersion();
        deployer.compute().serviceClient().getDiskEncryptionSets().createOrUpdate(group(), name,
                new DiskEncryptionSetInner().withLocation("westeurope")
                        .withIdentity(new EncryptionSetIdentity().withType(DiskEncryptionSetIdentityType.SYSTEM_ASSIGNED))
                        .withEncryptionType(DiskEncryptionSetType.ENCRYPTION_AT_REST_WITH_CUSTOMER_KEY)
                        .withActiveKey(new KeyForDiskEncryptionSet().withKeyUrl(hsm + "keys/bootstrap-key/" + version)));
        return ArmId.resource(environment.seeded().subscriptionId(), group(), "Microsoft.Compute/diskEncryptionSets",
                name);
    }

    /** {@code principal} switches the account back to Microsoft-managed keys, through ARM. */
    public void microsoftManagedKeysBy(String principal, ArmId account) {
        LocalEnvironment.connect(environment.emulator(), principal).storage().serviceClient().getStorageAccounts()
                .update(group(), account.resourceName(), new StorageAccountUpdateParameters()
                        .withEncryption(new Encryption().withKeySource(KeySource.MICROSOFT_STORAGE)));
    }

    /**
     * Someone's own identity, granted wrap and unwrap on {@code key} by the HSM's administrator (the deployer), as a
     * team that binds a resource by hand would set it up.
     */
    public ArmId identityGrantedOn(String name, String key) {
        Identity identity = deployer.msi().identities().define(name).withRegion(Region.EUROPE_WEST)
                .withExistingResourceGroup(group()).create();
        deployer.accessControl(environment.seeded().hsmUri()).createRoleAssignment(
                KeyVaultRoleScope.fromString("/keys/" + key),
                "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/" + ENCRYPTION_USER,
                identity.principalId());
        environment.emulator().clock().advance(environment.emulator().options().roleAssignmentPropagation());
        return ArmId.parse(identity.id());
    }

    /**
     * {@code principal} pins the account to one version of a key, through {@code identity}, by hand: a resource that
     * uses the key without any binding.
     */
    public void pinBy(String principal, ArmId account, String key, String version, ArmId identity) {
        LocalEnvironment.connect(environment.emulator(), principal).storage().serviceClient().getStorageAccounts()
                .update(group(), account.resourceName(), new StorageAccountUpdateParameters()
                        .withIdentity(new com.azure.resourcemanager.storage.models.Identity()
                                .withType(IdentityType.USER_ASSIGNED)
                                .withUserAssignedIdentities(Map.of(identity.toString(), new UserAssignedIdentity())))
                        .withEncryption(new Encryption().withKeySource(KeySource.MICROSOFT_KEYVAULT)
                                .withKeyVaultProperties(new KeyVaultProperties().withKeyName(key)
                                        .withKeyVaultUri(environment.seeded().hsmUri().toString()).withKeyVersion(version))
                                .withEncryptionIdentity(new EncryptionIdentity()
                                        .withEncryptionUserAssignedIdentity(identity.toString()))));
    }
}
