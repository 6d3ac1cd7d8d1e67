package com.cmkorchestrator.adapters.support;

import com.azure.core.http.rest.Response;
import com.azure.core.management.Region;
import com.azure.core.util.FluxUtil;
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
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import com.azure.resourcemanager.resources.models.Sku;
import com.azure.security.keyvault.administration.models.KeyVaultRoleScope;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.cmkorchestrator.adapters.AzureAdapters;
import com.cmkorchestrator.adapters.AzureConnection;
import com.cmkorchestrator.adapters.HsmLocalRbac;
import com.cmkorchestrator.adapters.SecurityDomainDownload;
import com.cmkorchestrator.core.BindingReconciler;
import com.cmkorchestrator.core.engine.Coordination;
import com.cmkorchestrator.core.engine.EngineSettings;
import com.cmkorchestrator.core.engine.ReconcileOutcome;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.ports.AzurePorts;
import com.cmkorchestrator.core.ports.EncryptedSecurityDomain;
import com.cmkorchestrator.core.ports.SecurityDomainOperation;
import com.cmkorchestrator.core.ports.SecurityDomainStore;
import com.cmkorchestrator.core.safety.KeyOperatorRole;
import com.cmkorchestrator.core.safety.ScopeAllowList;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.state.memory.InMemoryLeases;
import com.cmkorchestrator.state.memory.InMemoryPacing;
import com.cmkorchestrator.emulator.Emulator;
import com.cmkorchestrator.state.memory.InMemoryLeases;
import com.cmkorchestrator.emulator.EmulatorOptions;
import com.cmkorchestrator.emulator.hsm.HsmSnapshot;
import com.cmkorchestrator.emulator.hsm.ManagedHsm;
import com.cmkorchestrator.state.memory.InMemoryLeases;
import com.cmkorchestrator.state.memory.InMemoryOwnedKeys;
import com.cmkorchestrator.state.memory.InMemoryPacing;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Flux;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * An in-process emulator and an {@link AzureConnection} to it as the deployer, the way the app connects
 * locally; a JUnit extension that starts one emulator per test class (optionally with a resource group and an
 * active HSM) and stops it after. Setup goes through the SDK directly (not through the adapters under test)
 * except activation, for which the security-domain adapter is the only Java route.
 */
public final class EmulatedAzure implements BeforeAllCallback, AfterAllCallback {
    /** The deployer: creates resources and is the initial administrator of every HSM made here. */
    public static final String DEPLOYER = "11111111-2222-3333-4444-555555555555";
    /**
     * The app: on every active HSM made here it holds only its custom key operator role at {@code /keys}, as the
     * Bicep deployment gives it (docs/concurrency.md section 7); {@link #reconcilerOnAdapters()} acts as it.
     */
    public static final String APP = "a0000000-0000-4000-8000-0000000000a1";
    /** Managed HSM Crypto User: creates, reads and rotates keys (the Administrator role has no key access). */
    public static final String CRYPTO_USER = "21dbd100-6940-42c2-9190-5d6cb909625b";
    /** Managed HSM Crypto Officer: reads, recovers and purges deleted keys, which Crypto User cannot. */
    public static final String CRYPTO_OFFICER = "515eb02d-2335-4d2d-92f2-b1cbdf9c3778";
    /** Managed HSM Crypto Service Encryption User (azure-facts 3). */
    public static final String ENCRYPTION_USER = "33413926-3206-4cdd-b39a-83574fe37a17";
    private static final String DATABRICKS = "Microsoft.Databricks/workspaces";
    private static final String DATABRICKS_API = "2026-01-01";

    private final UnaryOperator<EmulatorOptions> options;
    private final String group;
    private final String hsmName;
    private Emulator emulator;
    private AzureConnection azure;
    private URI hsm;

    private EmulatedAzure(UnaryOperator<EmulatorOptions> options, String group, String hsmName) {
        this.options = options;
        this.group = group;
        this.hsmName = hsmName;
    }

    /** An emulator with resource group {@code group}, for {@code @RegisterExtension}. */
    public static EmulatedAzure withResourceGroup(String group) {
        return new EmulatedAzure(UnaryOperator.identity(), group, null);
    }

    /** The same, with these emulator options. */
    public EmulatedAzure withOptions(UnaryOperator<EmulatorOptions> emulatorOptions) {
        return new EmulatedAzure(emulatorOptions, group, hsmName);
    }

    /** The same, with an HSM in the group, activated, the deployer holding Crypto User and Officer ({@link #hsm()}). */
    public EmulatedAzure withActiveHsm(String name) {
        return new EmulatedAzure(options, group, name);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        emulator = Emulator.start(options.apply(EmulatorOptions.forTests(Files.createTempDirectory("cmk-adapters-test"))));
        azure = as(DEPLOYER);
        if (group != null) {
            resourceGroup(group);
        }
        if (hsmName != null) {
            hsm = activeHsm(group, hsmName);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        emulator.close();
    }

    public Emulator emulator() {
        return emulator;
    }

    /** The connection as the deployer. */
    public AzureConnection connection() {
        return azure;
    }

    /** The URI of the active HSM {@link #withActiveHsm} asked for. */
    public URI hsm() {
        if (hsm == null) {
            throw new IllegalStateException("no active HSM was asked for");
        }
        return hsm;
    }

    /** A connection acting as principal {@code objectId}. */
    public AzureConnection as(String objectId) {
        return AzureConnection.forEmulator(emulator.armEndpoint(), emulator.options().tenantId(),
                emulator.options().subscriptionId(), emulator.credential(objectId), emulator.trustStorePath(),
                emulator.trustStorePassword());
    }

    public String subscriptionId() {
        return emulator.options().subscriptionId();
    }

    public ArmId resourceGroup(String name) {
        azure.resources().resourceGroups().define(name).withRegion(Region.US_WEST).create();
        return ArmId.parse("/subscriptions/" + subscriptionId() + "/resourceGroups/" + name);
    }

    public ArmId id(String group, String type, String name) {
        return ArmId.resource(subscriptionId(), group, type, name);
    }

    public Identity identity(String group, String name) {
        return azure.msi().identities().define(name).withRegion(Region.US_WEST).withExistingResourceGroup(group).create();
    }

    /** A provisioned, not yet activated HSM (the deployer its only administrator). */
    public URI provisionedHsm(String group, String name) {
        ManagedHsmInner hsm = azure.keyVault().serviceClient().getManagedHsms().createOrUpdate(group, name,
                new ManagedHsmInner().withLocation("westus")
                        .withSku(new ManagedHsmSku().withFamily(ManagedHsmSkuFamily.B).withName(ManagedHsmSkuName.STANDARD_B1))
                        .withProperties(new ManagedHsmProperties()
                                .withTenantId(UUID.fromString(emulator.options().tenantId()))
                                .withInitialAdminObjectIds(List.of(DEPLOYER))
                                .withSoftDeleteRetentionInDays(7)
                                .withEnablePurgeProtection(true)));
        return URI.create(hsm.properties().hsmUri());
    }

    /**
     * A provisioned HSM activated by a security domain download through the adapter, where the deployer also holds
     * Crypto User and Crypto Officer at {@code /keys} (to make keys and change them behind the app's back), and the app
     * holds only its key operator role there, defined and assigned through the app's own adapter as an administrator.
     */
    public URI activeHsm(String group, String name) {
        URI hsm = provisionedHsm(group, name);
        activate(hsm);
        grant(hsm, "/keys", CRYPTO_USER, DEPLOYER);
        grant(hsm, "/keys", CRYPTO_OFFICER, DEPLOYER);
        HsmLocalRbac rbac = new HsmLocalRbac(azure);
        String role = rbac.defineRole(hsm, KeyOperatorRole.forHsm(name)).name();
        rbac.createAssignment(hsm, KeyOperatorRole.SCOPE, role, APP, KeyOperatorRole.assignmentName(name, APP));
        return hsm;
    }

    /** The connection as the app. */
    public AzureConnection asApp() {
        return as(APP);
    }

    public void activate(URI hsm) {
        SecurityDomainDownload download = new SecurityDomainDownload(azure);
        download.download(hsm, WrappingCertificates.fresh(3), 2);
        for (int i = 0; i < 100; i++) {
            if (download.downloadStatus(hsm).status() == SecurityDomainOperation.Status.SUCCESS) {
                return;
            }
            emulator.clock().advance(Duration.ofSeconds(30));
        }
        throw new IllegalStateException(hsm + " did not activate");
    }

    /** Creates an RSA-HSM key that can wrap and unwrap, or a new version of it, through the SDK; its version. */
    public String createKey(URI hsm, String name) {
        return azure.keyClient(hsm).createRsaKey(new CreateRsaKeyOptions(name).setHardwareProtected(true).setKeySize(2048)
                .setKeyOperations(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY)).getProperties().getVersion();
    }

    /**
     * A new version of key {@code name} in the active HSM, with Crypto Service Encryption User granted on the key
     * to {@code principal}: what a resource needs before it can bind.
     */
    public KeyRef grantedKey(String name, String principal) {
        KeyRef key = KeyRef.of(hsm(), name).withVersion(createKey(hsm(), name));
        grant(hsm(), "/keys/" + name, ENCRYPTION_USER, principal);
        return key;
    }

    /** A storage account in {@code group}, made through the SDK as a deployer would. */
    public ArmId storageAccount(String group, String name) {
        azure.storage().storageAccounts().define(name).withRegion(Region.US_WEST).withExistingResourceGroup(group).create();
        return id(group, "Microsoft.Storage/storageAccounts", name);
    }

    /** A disk encryption set in {@code group} on {@code key}, reaching it through {@code identity}. */
    public ArmId diskEncryptionSet(String group, String name, Identity identity, KeyRef key) {
        azure.compute().serviceClient().getDiskEncryptionSets().createOrUpdate(group, name, desDocument(identity, key));
        return id(group, "Microsoft.Compute/diskEncryptionSets", name);
    }

    /**
     * The same, only begun: with a non-zero operation duration the set is created once the emulated clock has moved
     * past it (the SDK's {@code createOrUpdate} would poll until then, in real time).
     */
    public ArmId beginDiskEncryptionSet(String group, String name, Identity identity, KeyRef key) {
        consume(azure.compute().serviceClient().getDiskEncryptionSets()
                .createOrUpdateWithResponseAsync(group, name, desDocument(identity, key)).block());
        return id(group, "Microsoft.Compute/diskEncryptionSets", name);
    }

    private static DiskEncryptionSetInner desDocument(Identity identity, KeyRef key) {
        return new DiskEncryptionSetInner().withLocation("westus")
                .withIdentity(new EncryptionSetIdentity().withType(DiskEncryptionSetIdentityType.USER_ASSIGNED)
                        .withUserAssignedIdentities(Map.of(identity.id(), new VirtualMachineIdentityUserAssignedIdentities())))
                .withEncryptionType(DiskEncryptionSetType.ENCRYPTION_AT_REST_WITH_CUSTOMER_KEY)
                .withActiveKey(new KeyForDiskEncryptionSet().withKeyUrl(key.url()));
    }

    /** A premium Databricks workspace in {@code group}, tagged {@code team=data}, without encryption. */
    public ArmId databricksWorkspace(String group, String name) {
        azure.resources().genericResources().manager().serviceClient().getResources()
                .createOrUpdateById(id(group, DATABRICKS, name).toString(), DATABRICKS_API, workspaceDocument(group, name));
        return id(group, DATABRICKS, name);
    }

    /** The same, only begun (see {@link #beginDiskEncryptionSet}). */
    public ArmId beginDatabricksWorkspace(String group, String name) {
        consume(azure.resources().genericResources().manager().serviceClient().getResources()
                .createOrUpdateByIdWithResponseAsync(id(group, DATABRICKS, name).toString(), DATABRICKS_API,
                        workspaceDocument(group, name)).block());
        return id(group, DATABRICKS, name);
    }

    private GenericResourceInner workspaceDocument(String group, String name) {
        return new GenericResourceInner().withLocation("westus").withSku(new Sku().withName("premium"))
                .withProperties(Map.of("managedResourceGroupId",
                        "/subscriptions/" + subscriptionId() + "/resourceGroups/" + name + "-managed"))
                .withTags(Map.of("team", "data"));
    }

    /** Reads a first answer's body to its end, so that the connection is free again. */
    private static void consume(Response<Flux<ByteBuffer>> answer) {
        FluxUtil.collectBytesInByteBufferStream(answer.getValue()).block();
    }

    /**
     * Passes of {@code reconciler} over {@code binding} from {@code previous} (null: from nothing), the emulator's clock
     * moved by each pass's re-check, until every condition holds or 40 passes went by; the last status.
     */
    public BindingStatus converge(BindingReconciler reconciler, Binding binding, BindingStatus previous) {
        ReconcileOutcome outcome = reconciler.reconcile(binding, previous != null ? previous
                : BindingStatus.initial(binding.name(), emulator.clock().instant()));
        for (int pass = 1; pass < 40 && !outcome.status().isReady(); pass++) {
            emulator.clock().advance(outcome.requeueAfter());
            outcome = reconciler.reconcile(binding, outcome.status());
        }
        return outcome.status();
    }

    /** An ARM resource as the emulator holds it (as GET returns it). */
    public ObjectNode armDocument(ArmId id) {
        return emulator.armDocuments().stream().filter(doc -> doc.path("id").asText().equalsIgnoreCase(id.toString()))
                .findFirst().orElseThrow(() -> new AssertionError("the emulator holds no " + id));
    }

    /** Grants a local role through the SDK, as an administrator would by hand. */
    public void grant(URI hsm, String scope, String roleGuid, String principal) {
        azure.accessControl(hsm).createRoleAssignment(KeyVaultRoleScope.fromString(scope),
                "Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/" + roleGuid, principal);
    }

    /** What the emulated HSM itself holds: the independent view tests check the adapters against. */
    public HsmSnapshot snapshot(URI hsm) {
        return emulator.fleet().byUri(hsm).map(ManagedHsm::snapshot)
                .orElseThrow(() -> new IllegalStateException("no emulated HSM at " + hsm));
    }


    /**
     * The core's ports on the real adapters over this emulator, as the deployer. No binding activates an HSM, so the
     * security domain store fails the test if it is ever reached.
     */
    public AzurePorts ports() {
        return AzureAdapters.ports(connection(), noSecurityDomains());
    }

    /** A security domain store for apps that activate no HSM: it fails the test if it is ever reached. */
    public static SecurityDomainStore noSecurityDomains() {
        return new SecurityDomainStore() {
            @Override
            public void validate(String destination) {
                throw new AssertionError("no HSM is activated here");
            }

            @Override
            public void check(String destination, ArmId id) {
                throw new AssertionError("no HSM is activated here");
            }

            @Override
            public void store(String destination, ArmId id, EncryptedSecurityDomain securityDomain) {
                throw new AssertionError("no HSM is activated here");
            }
        };
    }

    /**
     * The lifecycle core on the real adapters over this emulator, as the app (holding only its key operator role on
     * the HSM): the whole subscription allowed, the emulator's clock. No binding here activates an HSM, so the security
     * domain store fails the test if it is ever reached.
     */
    public BindingReconciler reconcilerOnAdapters() {
        return BindingReconciler.builder(AzureAdapters.ports(asApp(), noSecurityDomains()))
                .allowList(ScopeAllowList.of(ArmId.subscription(subscriptionId())))
                .settings(EngineSettings.defaults(EmulatorOptions.DEFAULT_DATABRICKS_APP_OBJECT_ID))
                .clock(emulator.clock())
                .ownedKeys(new InMemoryOwnedKeys())
                .leases(new InMemoryLeases("adapter-tests", emulator.clock()))
                .pacing(new InMemoryPacing(emulator.clock()))
                .build();
    }
}
