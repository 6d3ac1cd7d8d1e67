package com.cmkorchestrator.emulator.arm;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.Region;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.models.ResourceGroup;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.Principals;
import com.cmkorchestrator.emulator.support.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceGroupsTest {
    private static EmulatorFixture fixture;
    private static ResourceManager resources;

    @BeforeAll
    static void start() {
        fixture = EmulatorFixture.withFakeHsms();
        resources = fixture.azure.resources(Principals.DEPLOYER);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void createsReadsAndListsAResourceGroupThroughTheSdk() {
        ResourceGroup created = resources.resourceGroups().define("rg-create").withRegion(Region.US_WEST)
                .withTags(Map.of("team", "platform")).create();

        assertThat(created.id()).isEqualTo("/subscriptions/" + fixture.emulator.options().subscriptionId() + "/resourceGroups/rg-create");
        assertThat(created.regionName()).isEqualTo("westus");
        assertThat(resources.resourceGroups().getByName("rg-create").tags()).containsEntry("team", "platform");
        assertThat(resources.resourceGroups().list().stream().map(ResourceGroup::name)).contains("rg-create");
    }

    @Test
    void headTellsWhetherAGroupExists() {
        resources.resourceGroups().define("rg-exists").withRegion(Region.US_EAST).create();

        assertThat(resources.resourceGroups().contain("rg-exists")).isTrue();
        assertThat(resources.resourceGroups().contain("rg-never")).isFalse();
    }

    @Test
    void deletingAGroupIsALongRunningOperationTheSdkFollows() {
        resources.resourceGroups().define("rg-delete").withRegion(Region.US_EAST).create();

        resources.resourceGroups().deleteByName("rg-delete");

        assertThat(resources.resourceGroups().contain("rg-delete")).isFalse();
    }

    @Test
    void aMissingGroupIsResourceGroupNotFound() {
        assertThatThrownBy(() -> resources.resourceGroups().getByName("rg-missing"))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(404);
                    assertThat(e.getValue().getCode()).isEqualTo("ResourceGroupNotFound");
                });
    }

    @Test
    void anInvalidGroupNameIsRefusedWithInvalidResourceGroup() {
        RawHttp.Answer answer = fixture.raw.send("PUT", "/subscriptions/" + fixture.emulator.options().subscriptionId()
                + "/resourcegroups/bad%20name.?api-version=2025-04-01", "{\"location\":\"westus\"}", Principals.DEPLOYER);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("InvalidResourceGroup");
    }

    @Test
    void aGroupWithoutLocationIsRefusedWithLocationRequired() {
        RawHttp.Answer answer = fixture.raw.send("PUT", "/subscriptions/" + fixture.emulator.options().subscriptionId()
                + "/resourcegroups/rg-nowhere?api-version=2025-04-01", "{}", Principals.DEPLOYER);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("LocationRequired");
        assertThat(resources.resourceGroups().contain("rg-nowhere")).isFalse();
    }
}
