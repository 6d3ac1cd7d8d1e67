package com.cmkorchestrator.tests.bench;

import com.azure.core.management.Region;
import com.azure.resourcemanager.compute.fluent.models.DiskEncryptionSetInner;
import com.azure.resourcemanager.compute.models.DiskEncryptionSetIdentityType;
import com.azure.resourcemanager.compute.models.DiskEncryptionSetType;
import com.azure.resourcemanager.compute.models.EncryptionSetIdentity;
import com.azure.resourcemanager.compute.models.KeyForDiskEncryptionSet;
import com.azure.resourcemanager.compute.models.VirtualMachineIdentityUserAssignedIdentities;
import com.azure.resourcemanager.msi.models.Identity;
import com.azure.resourcemanager.resources.models.Sku;
import com.cmkorchestrator.adapters.AzureConnection;
import com.cmkorchestrator.adapters.HsmKeys;
import com.cmkorchestrator.adapters.HsmLocalRbac;
import com.cmkorchestrator.core.model.KeyType;
import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.core.ports.KeyCreation;
import com.cmkorchestrator.devhost.EmulatorAdminApi;
import com.cmkorchestrator.devhost.LocalEnvironment;
import com.cmkorchestrator.emulator.auth.EmulatorTokenCredential;
import com.cmkorchestrator.tests.scale.FleetPlan;
import com.cmkorchestrator.tests.scale.Parallel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Makes a {@link FleetPlan}'s resources in the emulator as a platform team would before the app binds them, as the
 * deployer, through the SDK: one user-assigned identity per key for its Storage accounts and disk encryption sets
 * (attached at creation), the accounts, the sets (Azure creates one only with a key, so each starts on a bootstrap
 * key its identity can use; a bootstrap key takes at most 9 identities, under the 10 assignments of a key scope) and
 * premium Databricks workspaces. The app creates the fleet's keys itself.
 */
public final class FleetSeeder {

    private static final String REGION = "westeurope";
    /** Managed HSM Crypto Service Encryption User. */
    private static final String ENCRYPTION_USER = "33413926-3206-4cdd-b39a-83574fe37a17";
    private static final int IDENTITIES_PER_BOOTSTRAP_KEY = 9;

    private final EmulatorAdminApi emulator;
    private final AzureConnection deployer;
    private final String group = LocalEnvironment.RESOURCE_GROUP;
    private final int threads;

    /** @param threads how many resources are created at once */
    public FleetSeeder(EmulatorAdminApi emulator, int threads) {
        this.emulator = emulator;
        JsonNode info = emulator.info();
        this.deployer = AzureConnection.forEmulator(URI.create(info.path("armEndpoint").asText()),
                info.path("tenantId").asText(), info.path("subscriptionId").asText(),
                new EmulatorTokenCredential(LocalEnvironment.DEPLOYER, info.path("tenantId").asText()),
                Path.of(info.path("trustStorePath").asText()), info.path("trustStorePassword").asText());
        this.threads = threads;
    }

    public String subscriptionId() {
        return deployer.subscriptionId();
    }

    AzureConnection deployer() {
        return deployer;
    }

    /** Creates every resource of the plan; the seeded HSM must be active (a host seeded it). */
    public void build(FleetPlan plan) {
        URI hsm = URI.create(deployer.keyVault().serviceClient().getManagedHsms()
                .getByResourceGroup(group, LocalEnvironment.HSM_NAME).properties().hsmUri());
        List<Integer> keysWithIdentities = IntStream.range(0, plan.keys()).filter(key -> plan.bindings().stream()
                .anyMatch(planned -> planned.key() == key && planned.kind().usesUserAssignedIdentity()))
                .boxed().toList();
        Map<Integer, Identity> identities = new ConcurrentHashMap<>();
        inParallel(keysWithIdentities, key -> identities.put(key, deployer.msi().identities()
                .define(plan.identityName(key)).withRegion(REGION).withExistingResourceGroup(group).create()));
        Map<Integer, String> bootstrapUrls = bootstrapKeys(plan, hsm, keysWithIdentities, identities);
        inParallel(plan.ofKind(TargetKind.STORAGE_ACCOUNT), planned -> deployer.storage().storageAccounts()
                .define(planned.target()).withRegion(Region.fromName(REGION)).withExistingResourceGroup(group)
                .withExistingUserAssignedManagedServiceIdentity(identities.get(planned.key())).create());
        inParallel(plan.ofKind(TargetKind.DISK_ENCRYPTION_SET), planned -> deployer.compute().serviceClient()
                .getDiskEncryptionSets().createOrUpdate(group, planned.target(), new DiskEncryptionSetInner()
                        .withLocation(REGION)
                        .withIdentity(new EncryptionSetIdentity().withType(DiskEncryptionSetIdentityType.USER_ASSIGNED)
                                .withUserAssignedIdentities(Map.of(identities.get(planned.key()).id(),
                                        new VirtualMachineIdentityUserAssignedIdentities())))
                        .withEncryptionType(DiskEncryptionSetType.ENCRYPTION_AT_REST_WITH_CUSTOMER_KEY)
                        .withActiveKey(new KeyForDiskEncryptionSet().withKeyUrl(bootstrapUrls.get(planned.key())))));
        String managedGroups = "/subscriptions/" + deployer.subscriptionId() + "/resourceGroups/" + group + "-";
        inParallel(plan.ofKind(TargetKind.DATABRICKS_WORKSPACE), planned -> deployer.resources().genericResources()
                .define(planned.target()).withRegion(REGION).withExistingResourceGroup(group)
                .withResourceType("workspaces").withProviderNamespace("Microsoft.Databricks").withoutPlan()
                .withApiVersion("2026-01-01").withSku(new Sku().withName("premium"))
                .withProperties(Map.of("managedResourceGroupId", managedGroups + planned.target() + "-managed"))
                .create());
    }

    /**
     * The bootstrap key each identity's disk encryption sets start on (its versioned URL, by key of the plan), the
     * identities granted on it and the grants let propagate.
     */
    private Map<Integer, String> bootstrapKeys(FleetPlan plan, URI hsm, List<Integer> keys,
                                               Map<Integer, Identity> identities) {
        Map<Integer, String> urls = new ConcurrentHashMap<>();
        HsmKeys hsmKeys = new HsmKeys(deployer);
        HsmLocalRbac rbac = new HsmLocalRbac(deployer);
        for (int first = 0; first < keys.size(); first += IDENTITIES_PER_BOOTSTRAP_KEY) {
            String name = plan.prefix() + "-boot-" + first / IDENTITIES_PER_BOOTSTRAP_KEY;
            String version = hsmKeys.createKey(hsm, new KeyCreation(name, KeyType.RSA_HSM, 2048, null,
                    KeyCreation.CMK_OPERATIONS, null)).version();
            List<Integer> group = keys.subList(first, Math.min(keys.size(), first + IDENTITIES_PER_BOOTSTRAP_KEY));
            inParallel(group, key -> rbac.createAssignment(hsm, "/keys/" + name, ENCRYPTION_USER,
                    identities.get(key).principalId(), UUID.randomUUID().toString()));
            group.forEach(key -> urls.put(key, hsm + "keys/" + name + "/" + version));
        }
        String propagation = emulator.info().path("timing").path("rolePropagation").asText();
        emulator.call("POST", "clock/advance", new ObjectMapper().createObjectNode().put("duration", propagation));
        return urls;
    }

    private <T> void inParallel(List<T> items, Consumer<T> create) {
        Parallel.each(items, threads, "creating the fleet", create);
    }
}
