package com.cmkorchestrator.emulator.arm;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.models.GenericResource;
import com.azure.resourcemanager.resources.models.Sku;
import com.cmkorchestrator.emulator.EmulatorOptions;
import com.cmkorchestrator.emulator.support.ArmScenario;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.FakeFleet;
import com.cmkorchestrator.emulator.support.Principals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Databricks workspaces as generic resources, against a stand-in HSM. */
class DatabricksWorkspacesTest {
    private static final String API = "2026-01-01";
    private static EmulatorFixture fixture;
    private static ResourceManager resources;
    private static FakeFleet.Hsm hsm;
    private static String subscription;

    @BeforeAll
    static void start() {
        fixture = EmulatorFixture.withFakeHsms();
        ArmScenario arm = new ArmScenario(fixture);
        arm.group("dbx-rg");
        hsm = fixture.fakeFleet.hsm(arm.hsm("dbx-rg", "hsm-dbx").id());
        resources = fixture.azure.resources(Principals.DEPLOYER);
        subscription = fixture.emulator.options().subscriptionId();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void managedDiskEncryptionCreatesTheManagedDiskIdentityAndTheManagedGroup() {
        String version = hsm.rotate("key-disk");

        GenericResource workspace = create("dbx-disk", Map.of("managedDisk", entity("key-disk", version, true)));

        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) workspace.properties();
        @SuppressWarnings("unchecked")
        Map<String, Object> identity = (Map<String, Object>) properties.get("managedDiskIdentity");
        assertThat(identity).containsEntry("type", "SystemAssigned").containsKey("principalId");
        assertThat(properties.get("provisioningState")).isEqualTo("Succeeded");
        assertThat(resources.resourceGroups().contain("dbx-disk-managed")).isTrue();
    }

    @Test
    void keyVersionIsRequired() {
        hsm.rotate("key-noversion");

        assertThatThrownBy(() -> create("dbx-noversion", Map.of("managedServices", entity("key-noversion", null, null))))
                .isInstanceOfSatisfying(ManagementException.class,
                        e -> assertThat(e.getValue().getCode()).isEqualTo("InvalidEncryptionEntitiesKeyVaultValue"));
    }

    @Test
    void managedServicesNeedsTheAzureDatabricksAppToHoldTheKeyRole() {
        String version = hsm.rotate("key-services");

        assertThatThrownBy(() -> create("dbx-services", Map.of("managedServices", entity("key-services", version, null))))
                .isInstanceOf(ManagementException.class);
        hsm.grant(EmulatorOptions.DEFAULT_DATABRICKS_APP_OBJECT_ID, "key-services");
        GenericResource workspace = create("dbx-services", Map.of("managedServices", entity("key-services", version, null)));

        assertThat(workspace.id()).endsWith("/workspaces/dbx-services");
    }

    @Test
    void managedDiskFollowsTheLatestVersionButManagedServicesNeverMoves() {
        String first = hsm.rotate("key-both");
        hsm.grant(EmulatorOptions.DEFAULT_DATABRICKS_APP_OBJECT_ID, "key-both");
        GenericResource workspace = create("dbx-both", Map.of("managedServices", entity("key-both", first, null),
                "managedDisk", entity("key-both", first, true)));
        @SuppressWarnings("unchecked")
        String diskPrincipal = ((Map<String, Object>) ((Map<String, Object>) workspace.properties())
                .get("managedDiskIdentity")).get("principalId").toString();
        hsm.grant(diskPrincipal, "key-both");

        String second = hsm.rotate("key-both");
        fixture.emulator.clock().advance(Duration.ofMinutes(61));

        GenericResource read = resources.genericResources().getById(workspace.id());
        assertThat(keyVersion(read, "managedDisk")).isEqualTo(second);
        assertThat(keyVersion(read, "managedServices")).isEqualTo(first);
    }

    private static GenericResource create(String name, Map<String, Object> entities) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("managedResourceGroupId", "/subscriptions/" + subscription + "/resourceGroups/" + name + "-managed");
        properties.put("encryption", Map.of("entities", entities));
        return resources.genericResources().define(name).withRegion("westus").withExistingResourceGroup("dbx-rg")
                .withResourceType("workspaces").withProviderNamespace("Microsoft.Databricks").withoutPlan()
                .withApiVersion(API).withSku(new Sku().withName("premium")).withProperties(properties).create();
    }

    private static Map<String, Object> entity(String key, String version, Boolean rotateToLatest) {
        Map<String, Object> vault = new LinkedHashMap<>();
        vault.put("keyVaultUri", hsm.uri().toString());
        vault.put("keyName", key);
        if (version != null) {
            vault.put("keyVersion", version);
        }
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("keySource", "Microsoft.Keyvault");
        entity.put("keyVaultProperties", vault);
        if (rotateToLatest != null) {
            entity.put("rotationToLatestKeyVersionEnabled", rotateToLatest);
        }
        return entity;
    }

    @SuppressWarnings("unchecked")
    private static String keyVersion(GenericResource workspace, String entity) {
        Map<String, Object> properties = (Map<String, Object>) workspace.properties();
        Map<String, Object> entities = (Map<String, Object>) ((Map<String, Object>) properties.get("encryption")).get("entities");
        return ((Map<String, Object>) ((Map<String, Object>) entities.get(entity)).get("keyVaultProperties")).get("keyVersion").toString();
    }
}
