package com.cmkorchestrator.adapters;

import com.azure.core.management.Region;
import com.azure.resourcemanager.compute.fluent.models.DiskEncryptionSetInner;
import com.azure.resourcemanager.compute.models.DiskEncryptionSetIdentityType;
import com.azure.resourcemanager.compute.models.DiskEncryptionSetType;
import com.azure.resourcemanager.compute.models.EncryptionSetIdentity;
import com.azure.resourcemanager.compute.models.KeyForDiskEncryptionSet;
import com.azure.resourcemanager.compute.models.VirtualMachineIdentityUserAssignedIdentities;
import com.azure.resourcemanager.msi.models.Identity;
import com.azure.resourcemanager.resources.models.Sku;
import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.core.ports.TargetBinding.StorageEncryption;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.ports.TargetState.DiskEncryptionSetState;
import com.cmkorchestrator.core.ports.TargetState.StorageAccountState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link CmkTargets#list}: every resource of a kind in a scope, key settings included, from ARM's listings. */
class TargetListingTest {

    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("list-rg").withActiveHsm("hsm-list");
    private static CmkTargets targets;
    private static KeyRef boundKey;

    @BeforeAll
    static void fleet() {
        targets = new CmkTargets(azure.connection());
        azure.resourceGroup("list-other-rg");
        Identity identity = azure.identity("list-rg", "uami-list");
        boundKey = azure.grantedKey("list-key", identity.principalId());
        for (String name : List.of("stlistone", "stlisttwo")) {
            account("list-rg", name, identity);
        }
        account("list-other-rg", "stlistother", azure.identity("list-other-rg", "uami-other"));
        targets.bind(new StorageEncryption(azure.id("list-rg", "Microsoft.Storage/storageAccounts", "stlistone"),
                KeyRef.of(azure.hsm(), "list-key"), ArmId.parse(identity.id())));
        azure.connection().compute().serviceClient().getDiskEncryptionSets().createOrUpdate("list-rg", "des-list",
                new DiskEncryptionSetInner().withLocation("westus")
                        .withIdentity(new EncryptionSetIdentity().withType(DiskEncryptionSetIdentityType.USER_ASSIGNED)
                                .withUserAssignedIdentities(Map.of(identity.id(), new VirtualMachineIdentityUserAssignedIdentities())))
                        .withEncryptionType(DiskEncryptionSetType.ENCRYPTION_AT_REST_WITH_CUSTOMER_KEY)
                        .withActiveKey(new KeyForDiskEncryptionSet().withKeyUrl(boundKey.url())));
        azure.connection().resources().genericResources().define("dbw-list").withRegion("westus")
                .withExistingResourceGroup("list-rg").withResourceType("workspaces")
                .withProviderNamespace("Microsoft.Databricks").withoutPlan()
                .withApiVersion(DatabricksWorkspaceTarget.API_VERSION).withSku(new Sku().withName("premium"))
                .withProperties(Map.of("managedResourceGroupId",
                        "/subscriptions/" + azure.subscriptionId() + "/resourceGroups/dbw-list-managed"))
                .create();
    }

    @Test
    void aResourceGroupListsItsStorageAccountsWithTheirKeys() {
        List<TargetState> listed = targets.list(azure.resourceGroup("list-rg"), TargetKind.STORAGE_ACCOUNT).toList();

        assertThat(listed).extracting(state -> state.id().resourceName()).containsExactlyInAnyOrder("stlistone", "stlisttwo");
        StorageAccountState bound = (StorageAccountState) listed.stream()
                .filter(state -> state.id().resourceName().equals("stlistone")).findFirst().orElseThrow();
        assertThat(bound.key()).isEqualTo(KeyRef.of(azure.hsm(), "list-key"));
        assertThat(bound.currentVersionedKeyIdentifier()).isNotNull();
    }

    @Test
    void aSubscriptionListsAcrossItsGroups() {
        assertThat(targets.list(ArmId.subscription(azure.subscriptionId()), TargetKind.STORAGE_ACCOUNT)
                .map(state -> state.id().resourceName()).toList())
                .contains("stlistone", "stlisttwo", "stlistother");
    }

    @Test
    void diskEncryptionSetsAndWorkspacesListWithTheirKeySettings() {
        List<TargetState> sets = targets.list(azure.resourceGroup("list-rg"), TargetKind.DISK_ENCRYPTION_SET).toList();
        List<TargetState> workspaces = targets.list(ArmId.subscription(azure.subscriptionId()),
                TargetKind.DATABRICKS_WORKSPACE).toList();

        assertThat(sets).singleElement().satisfies(set ->
                assertThat(((DiskEncryptionSetState) set).activeKey()).isEqualTo(boundKey));
        assertThat(workspaces).extracting(state -> state.id().resourceName()).containsExactly("dbw-list");
    }

    @Test
    void aListingCostsOneReadPerPageNotPerResource() {
        long mark = azure.emulator().requestLog().mark();

        long count = targets.list(ArmId.subscription(azure.subscriptionId()), TargetKind.STORAGE_ACCOUNT).count();

        assertThat(count).isEqualTo(3);
        assertThat(azure.emulator().requestLog().since(mark)).hasSizeLessThan(3);
    }

    @Test
    void aResourceIsNoScope() {
        assertThatThrownBy(() -> targets.list(azure.id("list-rg", "Microsoft.Storage/storageAccounts", "stlistone"),
                TargetKind.STORAGE_ACCOUNT)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void account(String group, String name, Identity identity) {
        azure.connection().storage().storageAccounts().define(name).withRegion(Region.US_WEST)
                .withExistingResourceGroup(group).withExistingUserAssignedManagedServiceIdentity(identity).create();
    }
}
