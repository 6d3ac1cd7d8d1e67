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
import com.cmkorchestrator.emulator.support.FakeFleet;
import com.cmkorchestrator.emulator.support.Principals;
import com.cmkorchestrator.emulator.support.RawHttp;
import com.azure.resourcemanager.msi.models.Identity;
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

    private static final String GROUP_NAME = "lro-rg";
    private static final String SUBSCRIPTION = com.cmkorchestrator.emulator.EmulatorOptions.DEFAULT_SUBSCRIPTION;
    private static final String GROUP = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + GROUP_NAME;
    private static ArmScenario arm;

    @BeforeAll
    static void start() {
        fixture = EmulatorFixture.withFakeHsms(o -> o.withOperationDuration(TAKES));
        arm = new ArmScenario(fixture);
        arm.group(GROUP_NAME);
    }

    /** A disk encryption set body whose user-assigned identity may use a stand-in key. */
    private static String desDefinition(String name) {
        FakeFleet.Hsm hsm = fixture.fakeFleet.hsm(arm.hsm(GROUP_NAME, "hsm-" + name).id());
        Identity identity = arm.identity(GROUP_NAME, "uami-" + name);
        String version = hsm.rotate(name + "-key");
        hsm.grant(identity.principalId(), name + "-key");
        return ArmScenario.diskEncryptionSetJson(identity, hsm.keyId(name + "-key", version));
    }

    /** A workspace created and finished; returns its path with the api-version. */
    private static String workspace(String name) {
        String path = GROUP + "/providers/Microsoft.Databricks/workspaces/" + name + "?api-version=2026-01-01";
        RawHttp.Answer created = fixture.raw.send("PUT", path, "{\"location\":\"westus\",\"sku\":{\"name\":\"premium\"},"
                + "\"properties\":{\"managedResourceGroupId\":\"/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + name
                + "-managed\"}}", Principals.DEPLOYER);
        assertThat(created.status()).isEqualTo(201);
        fixture.emulator.clock().advance(TAKES);
        return path;
    }

    private static String state(String path) {
        return fixture.raw.send("GET", path, null, Principals.DEPLOYER).json().path("properties").path("provisioningState").asText();
    }

    private static String status(String operationUrl) {
        return fixture.raw.send("GET", operationUrl.substring(operationUrl.indexOf("/subscriptions/")), null, Principals.DEPLOYER)
                .json().path("status").asText();
    }

    /** Retry-After in whole seconds (1 up to the longest poll interval), Location, and Azure-AsyncOperation when the provider sends it. */
    private static void assertPollingHeaders(RawHttp.Answer answer, boolean asyncOperation) {
        assertThat(answer.header("Location")).contains("/operationResults/");
        assertThat(Long.parseLong(answer.header("Retry-After"))).isBetween(1L,
                Math.max(1, fixture.emulator.options().maxPollInterval().toSeconds()));
        if (asyncOperation) {
            assertThat(answer.header("Azure-AsyncOperation")).contains("/operationStatuses/");
        } else {
            assertThat(answer.header("Azure-AsyncOperation")).isNull();
        }
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
    void aDiskEncryptionSetWriteIsUpdatingUntilItsOperationSucceeds() {
        String body = desDefinition("des-lro");
        String path = GROUP + "/providers/Microsoft.Compute/diskEncryptionSets/des-lro?api-version=2025-01-02";

        RawHttp.Answer accepted = fixture.raw.send("PUT", path, body, Principals.DEPLOYER);

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().path("properties").path("provisioningState").asText()).isEqualTo("Updating");
        assertThat(accepted.json().path("properties").path("activeKey").path("keyUrl").asText()).contains("/keys/des-lro-key/");
        assertPollingHeaders(accepted, true);
        assertThat(state(path)).isEqualTo("Updating");
        assertThat(status(accepted.header("Azure-AsyncOperation"))).isEqualTo("InProgress");
        fixture.emulator.clock().advance(TAKES);
        assertThat(status(accepted.header("Azure-AsyncOperation"))).isEqualTo("Succeeded");
        assertThat(state(path)).isEqualTo("Succeeded");
    }

    @Test
    void aDatabricksUpdateAnswers201AcceptedAndIsUpdatingUntilDone() {
        String path = workspace("dbx-update");
        String update = "{\"location\":\"westus\",\"sku\":{\"name\":\"premium\"},\"tags\":{\"stage\":\"two\"},"
                + "\"properties\":{\"managedResourceGroupId\":\"/subscriptions/" + SUBSCRIPTION + "/resourceGroups/dbx-update-managed\"}}";

        RawHttp.Answer accepted = fixture.raw.send("PUT", path, update, Principals.DEPLOYER);

        assertThat(accepted.status()).isEqualTo(201);
        assertThat(accepted.json().path("properties").path("provisioningState").asText()).isEqualTo("Accepted");
        assertThat(accepted.header("Azure-AsyncOperation")).contains("/operationStatuses/");
        assertThat(state(path)).isEqualTo("Updating");
        fixture.emulator.clock().advance(TAKES);
        assertThat(state(path)).isEqualTo("Succeeded");
    }

    @Test
    void aDatabricksPatchIs202WithBothPollingHeadersAndLandsWhenDone() {
        String path = workspace("dbx-patch");

        RawHttp.Answer accepted = fixture.raw.send("PATCH", path, "{\"tags\":{\"stage\":\"patched\"}}", Principals.DEPLOYER);

        assertThat(accepted.status()).isEqualTo(202);
        assertPollingHeaders(accepted, true);
        assertThat(state(path)).isEqualTo("Updating");
        fixture.emulator.clock().advance(TAKES);
        RawHttp.Answer done = fixture.raw.send("GET", path, null, Principals.DEPLOYER);
        assertThat(done.json().path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(done.json().path("tags").path("stage").asText()).isEqualTo("patched");
    }

    @Test
    void anHsmUpdateIs202WithLocationIsUpdatingAndRefusesAnotherWriteMeanwhile() {
        arm.hsm(GROUP_NAME, "hsm-lro");
        String path = GROUP + "/providers/Microsoft.KeyVault/managedHSMs/hsm-lro?api-version=2025-05-01";

        RawHttp.Answer accepted = fixture.raw.send("PATCH", path, "{\"tags\":{\"stage\":\"one\"}}", Principals.DEPLOYER);
        RawHttp.Answer meanwhile = fixture.raw.send("PATCH", path, "{\"tags\":{\"stage\":\"two\"}}", Principals.DEPLOYER);

        assertThat(accepted.status()).isEqualTo(202);
        assertPollingHeaders(accepted, false);
        assertThat(accepted.json().path("properties").path("provisioningState").asText()).isEqualTo("Updating");
        assertThat(meanwhile.status()).isEqualTo(409);
        fixture.emulator.clock().advance(TAKES);
        String location = accepted.header("Location");
        assertThat(fixture.raw.send("GET", location.substring(location.indexOf("/subscriptions/")), null, Principals.DEPLOYER)
                .json().path("tags").path("stage").asText()).isEqualTo("one");
        assertThat(state(path)).isEqualTo("Succeeded");
    }

    @Test
    void aStoragePatchStaysSynchronousAndAnswersTheWholeAccount() {
        SyncPoller<PollResult<StorageAccountInner>, StorageAccountInner> creation = fixture.azure.storage(Principals.DEPLOYER)
                .serviceClient().getStorageAccounts().beginCreate(GROUP_NAME, "stpatched", new StorageAccountCreateParameters()
                        .withLocation("westus").withKind(Kind.STORAGE_V2).withSku(new com.azure.resourcemanager.storage.models.Sku()
                                .withName(SkuName.STANDARD_LRS)));
        fixture.emulator.clock().advance(TAKES);
        creation.getFinalResult();

        RawHttp.Answer patched = fixture.raw.send("PATCH", GROUP + "/providers/Microsoft.Storage/storageAccounts/stpatched"
                + "?api-version=2025-06-01", "{\"tags\":{\"stage\":\"patched\"}}", Principals.DEPLOYER);

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.header("Location")).isNull();
        assertThat(patched.json().path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(patched.json().path("properties").path("encryption").path("keySource").asText()).isEqualTo("Microsoft.Storage");
        assertThat(patched.json().path("tags").path("stage").asText()).isEqualTo("patched");
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
