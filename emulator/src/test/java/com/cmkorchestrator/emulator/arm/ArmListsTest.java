package com.cmkorchestrator.emulator.arm;

import com.azure.core.management.Region;
import com.azure.resourcemanager.compute.fluent.models.DiskEncryptionSetInner;
import com.azure.resourcemanager.compute.models.DiskEncryptionSet;
import com.azure.resourcemanager.msi.models.Identity;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceExpandedInner;
import com.azure.resourcemanager.resources.models.GenericResource;
import com.azure.resourcemanager.resources.models.Sku;
import com.azure.resourcemanager.storage.models.StorageAccount;
import com.cmkorchestrator.emulator.support.ArmScenario;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.FakeFleet;
import com.cmkorchestrator.emulator.support.Principals;
import com.cmkorchestrator.emulator.support.RawHttp;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ARM's lists of storage accounts, disk encryption sets and Databricks workspaces, by subscription
 * and by resource group: whole resources (encryption included) a page at a time, followed to the
 * end by the SDKs' own list methods. Pages hold three resources here.
 */
class ArmListsTest {
    private static final int PAGE = 3;
    private static EmulatorFixture fixture;
    private static ArmScenario arm;
    private static String subscription;

    @BeforeAll
    static void start() {
        fixture = EmulatorFixture.withFakeHsms(o -> o.withListPageSize(PAGE));
        arm = new ArmScenario(fixture);
        subscription = fixture.emulator.options().subscriptionId();
        arm.group("lists-a");
        arm.group("lists-b");
        for (int i = 0; i < 5; i++) {
            storageAccount("stlista" + i, "lists-a");
        }
        for (int i = 0; i < 2; i++) {
            storageAccount("stlistb" + i, "lists-b");
        }
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aListAnswersOnePageAndANextLinkThatLeadsToTheRest() {
        RawHttp.Answer first = fixture.raw.send("GET", "/subscriptions/" + subscription
                + "/providers/Microsoft.Storage/storageAccounts?api-version=2025-06-01", null, Principals.DEPLOYER);

        assertThat(first.json().path("value")).hasSize(PAGE);
        assertThat(first.json().path("value").get(0).path("properties").path("encryption").path("keySource").asText())
                .isEqualTo("Microsoft.Storage");
        List<String> names = followed(first);
        assertThat(names).hasSize(7).doesNotHaveDuplicates();
    }

    @Test
    void theStorageSdkListsEveryAccountOfTheSubscriptionAndOfAGroup() {
        List<StorageAccount> all = fixture.azure.storage(Principals.DEPLOYER).storageAccounts().list().stream().toList();
        List<StorageAccount> inB = fixture.azure.storage(Principals.DEPLOYER).storageAccounts().listByResourceGroup("lists-b")
                .stream().toList();

        assertThat(all).extracting(StorageAccount::name).contains("stlista0", "stlista4", "stlistb1");
        assertThat(all).allSatisfy(account -> assertThat(account.encryptionKeySource()).isNotNull());
        assertThat(inB).extracting(StorageAccount::name).containsExactlyInAnyOrder("stlistb0", "stlistb1");
    }

    @Test
    void theComputeSdkListsDiskEncryptionSetsWithTheirKeys() {
        arm.group("lists-des");
        FakeFleet.Hsm hsm = fixture.fakeFleet.hsm(arm.hsm("lists-des", "hsm-lists").id());
        Identity identity = arm.identity("lists-des", "uami-lists");
        String version = hsm.rotate("list-key");
        hsm.grant(identity.principalId(), "list-key");
        var sets = fixture.azure.compute(Principals.DEPLOYER).serviceClient().getDiskEncryptionSets();
        for (int i = 0; i < 4; i++) {
            sets.createOrUpdate("lists-des", "des-list-" + i, ArmScenario.diskEncryptionSet(identity, hsm.keyId("list-key", version), false));
        }

        // the fluent DiskEncryptionSets has no subscription-wide list; the service client's is DiskEncryptionSets_List
        List<DiskEncryptionSetInner> listed = sets.list().stream().toList();
        List<DiskEncryptionSet> inGroup = fixture.azure.compute(Principals.DEPLOYER).diskEncryptionSets()
                .listByResourceGroup("lists-des").stream().toList();

        assertThat(listed).hasSize(4).allSatisfy(set -> assertThat(set.activeKey().keyUrl()).isEqualTo(hsm.keyId("list-key", version)));
        assertThat(inGroup).extracting(DiskEncryptionSet::name).containsExactlyInAnyOrder("des-list-0", "des-list-1",
                "des-list-2", "des-list-3");
    }

    @Test
    void databricksWorkspacesAreListedWholeAndThroughGenericResources() {
        arm.group("lists-dbx");
        for (int i = 0; i < 4; i++) {
            fixture.azure.resources(Principals.DEPLOYER).genericResources().define("dbx-list-" + i).withRegion("westus")
                    .withExistingResourceGroup("lists-dbx").withResourceType("workspaces").withProviderNamespace("Microsoft.Databricks")
                    .withoutPlan().withApiVersion("2026-01-01").withSku(new Sku().withName("premium"))
                    .withProperties(Map.of("managedResourceGroupId", "/subscriptions/" + subscription + "/resourceGroups/dbx-list-managed-" + i))
                    .create();
        }

        RawHttp.Answer first = fixture.raw.send("GET", "/subscriptions/" + subscription + "/resourceGroups/lists-dbx"
                + "/providers/Microsoft.Databricks/workspaces?api-version=2026-01-01", null, Principals.DEPLOYER);
        List<GenericResource> generic = fixture.azure.resources(Principals.DEPLOYER).genericResources()
                .listByResourceGroup("lists-dbx").stream().toList();
        List<GenericResourceExpandedInner> filtered = fixture.azure.resources(Principals.DEPLOYER).genericResources().manager()
                .serviceClient().getResources().list("resourceType eq 'Microsoft.Databricks/workspaces'", null, null,
                        com.azure.core.util.Context.NONE).stream().toList();

        assertThat(first.json().path("value").get(0).path("properties").path("workspaceUrl").asText()).endsWith("azuredatabricks.net");
        assertThat(followed(first)).hasSize(4);
        assertThat(generic).extracting(GenericResource::name).containsExactlyInAnyOrder("dbx-list-0", "dbx-list-1",
                "dbx-list-2", "dbx-list-3");
        assertThat(filtered).hasSize(4).allSatisfy(r -> assertThat(r.type()).isEqualTo("Microsoft.Databricks/workspaces"));
    }

    @Test
    void aResourceDeletedOrCreatedBetweenPagesShiftsNothingElse() {
        arm.group("lists-moving");
        for (int i = 0; i < 6; i++) {
            storageAccount("stmoving" + i, "lists-moving");
        }
        String list = "/subscriptions/" + subscription + "/resourceGroups/lists-moving/providers/Microsoft.Storage/"
                + "storageAccounts?api-version=2025-06-01";
        RawHttp.Answer first = fixture.raw.send("GET", list, null, Principals.DEPLOYER);

        fixture.azure.storage(Principals.DEPLOYER).storageAccounts().deleteByResourceGroup("lists-moving", "stmoving0");
        storageAccount("stmoving9", "lists-moving");

        assertThat(followed(first)).containsExactly("stmoving0", "stmoving1", "stmoving2", "stmoving3", "stmoving4",
                "stmoving5", "stmoving9");
    }

    @Test
    void aGenericListRefusesAFilterItCannotApply() {
        RawHttp.Answer answer = fixture.raw.send("GET", "/subscriptions/" + subscription
                + "/resources?api-version=2025-04-01&$filter=tagName%20eq%20'x'", null, Principals.DEPLOYER);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("InvalidFilterInQueryString");
    }

    /** The names on {@code first} and on every page its nextLink chain leads to. */
    private static List<String> followed(RawHttp.Answer first) {
        List<String> names = new ArrayList<>();
        RawHttp.Answer page = first;
        while (true) {
            page.json().path("value").forEach(item -> names.add(item.path("name").asText()));
            JsonNode next = page.json().path("nextLink");
            if (next.isMissingNode() || next.isNull()) {
                return names;
            }
            assertThat(page.json().path("value")).hasSize(PAGE);
            String url = next.asText();
            page = fixture.raw.send("GET", url.substring(url.indexOf("/subscriptions/")), null, Principals.DEPLOYER);
        }
    }

    private static void storageAccount(String name, String group) {
        fixture.azure.storage(Principals.DEPLOYER).storageAccounts().define(name).withRegion(Region.US_WEST)
                .withExistingResourceGroup(group).create();
    }
}
