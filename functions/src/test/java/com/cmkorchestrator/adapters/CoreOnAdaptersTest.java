package com.cmkorchestrator.adapters;

import com.azure.resourcemanager.msi.models.Identity;
import com.azure.resourcemanager.resources.models.Sku;
import com.azure.security.keyvault.administration.models.KeyVaultRoleScope;
import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.core.BindingReconciler;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.IdentitySpec;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.RotationPolicySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.safety.KeyOperatorRole;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.emulator.EmulatorOptions;
import com.cmkorchestrator.emulator.hsm.HsmSnapshot;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.time.Period;
import java.util.Map;

import com.cmkorchestrator.emulator.inspect.RequestLog;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifecycle core on the real adapters, against the emulator: each binding converges from nothing (no key,
 * no identity, no grant) to every condition holding, with grants taking 60 emulated seconds to propagate; and a
 * second run that remembers nothing, over what is now in place, writes nothing (counted in the emulator's request
 * log). This is what proves the ports fit the SDK: the core's fakes cannot.
 */
class CoreOnAdaptersTest {
    private static final Duration PROPAGATION = Duration.ofSeconds(60);
    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("core-rg").withActiveHsm("hsm-core")
            .withOptions(options -> options.withRoleAssignmentPropagation(PROPAGATION));
    private static ArmId hsm;
    private static URI hsmUri;
    private static BindingReconciler reconciler;

    @BeforeAll
    static void start() {
        hsmUri = azure.hsm();
        // the deployer's own Crypto User / Officer grants must be in effect before the app acts
        azure.emulator().clock().advance(PROPAGATION);
        hsm = azure.id("core-rg", "Microsoft.KeyVault/managedHSMs", "hsm-core");
        reconciler = azure.reconcilerOnAdapters();
    }

    @Test
    void aStorageBindingConvergesWithANewIdentityKeyAndGrant() {
        ArmId account = storageAccount("stcore");
        Binding binding = new Binding("orders-storage", hsm, key("orders-key"),
                IdentitySpec.create("core-rg", "orders-cmk-id"), account, VersionPolicy.AUTO);
        long before = azure.emulator().requestLog().mark();

        BindingStatus status = converge(binding);

        assertThat(status.isReady()).as(status.toString()).isTrue();
        assertThat(azure.emulator().requestLog().since(before))
                .as("the bind was refused while the grant propagated, then retried")
                .anyMatch(e -> e.isWrite() && e.path().endsWith("/storageAccounts/stcore") && e.status() == 400)
                .anyMatch(e -> e.isWrite() && e.path().endsWith("/storageAccounts/stcore") && e.status() == 200);
        assertOneGrantPerPrincipal("/keys/orders-key");
        assertNothingWrittenTheSecondTime(binding);
        ObjectNode written = document(account);
        assertThat(written.path("properties").path("encryption").path("keyvaultproperties").path("keyname").asText())
                .isEqualTo("orders-key");
        assertThat(key("orders-key", azure.snapshot(hsmUri)).rotationPolicy()).contains("P90D");
        assertThat(azure.snapshot(hsmUri).roleAssignments())
                .anyMatch(a -> a.scope().equals("/keys/orders-key") && a.roleName().endsWith("Encryption User"));
    }

    @Test
    void aDiskEncryptionSetBindingConvergesOnAnExistingIdentity() {
        Identity identity = azure.identity("core-rg", "vm-cmk-id");
        KeyRef seed = azure.grantedKey("vm-seed-key", identity.principalId());
        azure.emulator().clock().advance(PROPAGATION);
        ArmId set = diskEncryptionSet("des-core", identity, seed);
        Binding binding = new Binding("vm-disks", hsm, key("vm-key"), IdentitySpec.existing(ArmId.parse(identity.id())),
                set, VersionPolicy.AUTO);

        BindingStatus status = converge(binding);

        assertThat(status.isReady()).as(status.toString()).isTrue();
        assertThat(status.versionInUse(KeySlot.DES_ACTIVE_KEY)).isPresent();
        assertOneGrantPerPrincipal("/keys/vm-key");
        assertNothingWrittenTheSecondTime(binding);
        assertThat(document(set).path("properties").path("activeKey").path("keyUrl").asText()).contains("/keys/vm-key/");
    }

    @Test
    void aDatabricksBindingConvergesInTwoGrants() {
        ArmId workspace = workspace("dbx-core");
        Binding binding = new Binding("analytics", hsm, key("analytics-key"), null, workspace, VersionPolicy.AUTO);

        BindingStatus status = converge(binding);

        assertThat(status.isReady()).as(status.toString()).isTrue();
        String diskPrincipal = document(workspace).path("properties").path("managedDiskIdentity").path("principalId").asText();
        assertThat(azure.snapshot(hsmUri).roleAssignments()).filteredOn(a -> a.scope().equals("/keys/analytics-key"))
                .extracting(HsmSnapshot.Assignment::principalId)
                .contains(EmulatorOptions.DEFAULT_DATABRICKS_APP_OBJECT_ID, diskPrincipal);
        assertOneGrantPerPrincipal("/keys/analytics-key");
        assertNothingWrittenTheSecondTime(binding);
    }

    /**
     * The scenarios above ran as the app holding one grant on the HSM, its key operator role at {@code /keys}, whose
     * definition (as the HSM holds it) grants neither purge nor export nor release (issue 10, finding 7).
     */
    @Test
    void theAppConvergesHoldingOnlyItsKeyOperatorRoleWhichCannotPurgeOrExport() {
        String role = KeyOperatorRole.definitionName("hsm-core");

        assertThat(azure.snapshot(hsmUri).roleAssignments())
                .filteredOn(assignment -> assignment.principalId().equals(EmulatedAzure.APP)).singleElement()
                .satisfies(assignment -> {
                    assertThat(assignment.scope()).isEqualTo("/keys");
                    assertThat(assignment.roleDefinitionId()).endsWith("/" + role);
                });
        assertThat(azure.connection().accessControl(hsmUri).getRoleDefinition(KeyVaultRoleScope.GLOBAL, role)
                .getPermissions()).flatExtracting(permission -> permission.getDataActions()).extracting(Object::toString)
                .containsExactlyInAnyOrderElementsOf(KeyOperatorRole.DATA_ACTIONS)
                .noneMatch(action -> action.endsWith("/deletedKeys/delete") || action.endsWith("/export/action")
                        || action.endsWith("/release/action"));
    }

    /** Retried grants reuse their deterministic name: at most one assignment per principal at the key. */
    private static void assertOneGrantPerPrincipal(String scope) {
        List<String> principals = azure.snapshot(hsmUri).roleAssignments().stream()
                .filter(a -> a.scope().equals(scope)).map(HsmSnapshot.Assignment::principalId).toList();
        assertThat(principals).isNotEmpty().doesNotHaveDuplicates();
    }

    /** Everything is in place: a run that starts from no memory at all reaches Verified with zero writes. */
    private static void assertNothingWrittenTheSecondTime(Binding binding) {
        long mark = azure.emulator().requestLog().mark();

        BindingStatus again = converge(binding);

        assertThat(again.isReady()).as(again.toString()).isTrue();
        assertThat(azure.emulator().requestLog().since(mark)).as("requests of the second run")
                .isNotEmpty().noneMatch(RequestLog.Entry::isWrite);
    }

    private static BindingStatus converge(Binding binding) {
        return azure.converge(reconciler, binding, null);
    }

    private static KeySpec key(String name) {
        return KeySpec.rsa(name, 2048).withRotationPolicy(new RotationPolicySpec(Period.ofDays(90), Period.ofDays(180), null));
    }

    private static HsmSnapshot.Key key(String name, HsmSnapshot snapshot) {
        return snapshot.keys().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
    }

    private static ObjectNode document(ArmId id) {
        return azure.armDocument(id);
    }

    private static ArmId storageAccount(String name) {
        return azure.storageAccount("core-rg", name);
    }

    private static ArmId diskEncryptionSet(String name, Identity identity, KeyRef key) {
        return azure.diskEncryptionSet("core-rg", name, identity, key);
    }

    private static ArmId workspace(String name) {
        azure.connection().resources().genericResources().define(name).withRegion("westus").withExistingResourceGroup("core-rg")
                .withResourceType("workspaces").withProviderNamespace("Microsoft.Databricks").withoutPlan()
                .withApiVersion(DatabricksWorkspaceTarget.API_VERSION).withSku(new Sku().withName("premium"))
                .withProperties(Map.of("managedResourceGroupId",
                        "/subscriptions/" + azure.subscriptionId() + "/resourceGroups/" + name + "-managed"))
                .create();
        return azure.id("core-rg", "Microsoft.Databricks/workspaces", name);
    }
}
