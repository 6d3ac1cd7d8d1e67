package com.cmkorchestrator.emulator.arm;

import com.azure.core.management.polling.PollResult;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.resources.fluentcore.model.Accepted;
import com.azure.resourcemanager.resources.models.GenericResource;
import com.azure.resourcemanager.resources.models.Sku;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.resourcemanager.storage.models.Kind;
import com.azure.resourcemanager.storage.models.SkuName;
import com.azure.resourcemanager.storage.models.StorageAccountCreateParameters;
import com.cmkorchestrator.emulator.support.ArmScenario;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.Principals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With a non-zero operation duration, writes answer 201/202 and the SDK's pollers follow them to the end. */
class LongRunningOperationsTest {
    private static final Duration TAKES = Duration.ofMinutes(3);
    private static EmulatorFixture fixture;

    @BeforeAll
    static void start() {
        fixture = EmulatorFixture.withFakeHsms(o -> o.withOperationDuration(TAKES));
        new ArmScenario(fixture).group("lro-rg");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aStorageCreateIsPolledByLocationUntilTheAccountExists() {
        SyncPoller<PollResult<StorageAccountInner>, StorageAccountInner> poller = fixture.azure.storage(Principals.DEPLOYER)
                .serviceClient().getStorageAccounts().beginCreate("lro-rg", "stlro", new StorageAccountCreateParameters()
                        .withLocation("westus").withKind(Kind.STORAGE_V2).withSku(new com.azure.resourcemanager.storage.models.Sku()
                                .withName(SkuName.STANDARD_LRS)));

        assertThat(poller.poll().getStatus()).isEqualTo(LongRunningOperationStatus.IN_PROGRESS);
        fixture.emulator.clock().advance(TAKES);

        assertThat(poller.getFinalResult().provisioningState().toString()).isEqualTo("Succeeded");
    }

    @Test
    void aDatabricksCreateAnswers201AcceptedAndFinishesLater() {
        Accepted<GenericResource> accepted = fixture.azure.resources(Principals.DEPLOYER).genericResources().define("dbx-lro")
                .withRegion("westus").withExistingResourceGroup("lro-rg").withResourceType("workspaces")
                .withProviderNamespace("Microsoft.Databricks").withoutPlan().withApiVersion("2026-01-01")
                .withSku(new Sku().withName("premium"))
                .withProperties(Map.of("managedResourceGroupId", "/subscriptions/" + fixture.emulator.options().subscriptionId()
                        + "/resourceGroups/dbx-lro-managed")).beginCreate();

        assertThat(accepted.getActivationResponse().getStatusCode()).isEqualTo(201);
        fixture.emulator.clock().advance(TAKES);

        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) accepted.getFinalResult().properties();
        assertThat(properties.get("provisioningState")).isEqualTo("Succeeded");
    }

    @Test
    void theOperationStatusSaysInProgressThenSucceeded() {
        new ArmScenario(fixture).group("lro-doomed");
        var answer = fixture.raw.send("DELETE", "/subscriptions/" + fixture.emulator.options().subscriptionId()
                + "/resourcegroups/lro-doomed?api-version=2025-04-01", null, Principals.DEPLOYER);
        assertThat(answer.status()).isEqualTo(202);
        String location = answer.header("Location");
        String path = location.substring(location.indexOf("/subscriptions/"));

        assertThat(fixture.raw.send("GET", path, null, Principals.DEPLOYER).status()).isEqualTo(202);
        fixture.emulator.clock().advance(TAKES);

        assertThat(fixture.raw.send("GET", path, null, Principals.DEPLOYER).status()).isEqualTo(200);
        assertThat(fixture.azure.resources(Principals.DEPLOYER).resourceGroups().contain("lro-doomed")).isFalse();
    }
}
