package com.cmkorchestrator.emulator.replay;

import com.cmkorchestrator.emulator.support.ArmScenario;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.JsonShape;
import com.cmkorchestrator.emulator.support.Principals;
import com.cmkorchestrator.emulator.support.RawHttp;
import com.cmkorchestrator.emulator.support.RestExample;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Replays of the official Microsoft.KeyVault/managedHSMs examples (2025-05-01). */
class ManagedHsmReplayTest {
    private static final Set<String> NOT_MODELLED = Set.of("nextLink");
    private EmulatorFixture fixture;
    private String path;

    @BeforeEach
    void start() {
        fixture = EmulatorFixture.withFakeHsms();
        new ArmScenario(fixture).group("hsm-group");
        path = "/subscriptions/" + fixture.emulator.options().subscriptionId()
                + "/resourceGroups/hsm-group/providers/Microsoft.KeyVault/managedHSMs/hsm1";
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void createOrUpdateFinishedAtOnceAnswers200WithTheExamplesShape() {
        RestExample example = RestExample.load("keyvault-arm-managedhsm/ManagedHsm_CreateOrUpdate.json");

        RawHttp.Answer answer = put(fixture, example);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(JsonShape.differences(example.responseBody(200), answer.json(), NOT_MODELLED)).isEmpty();
    }

    @Test
    void createOrUpdateStillProvisioningAnswers202WithLocation() {
        try (EmulatorFixture slow = EmulatorFixture.withFakeHsms(o -> o.withHsmProvisioningDuration(Duration.ofMinutes(20)))) {
            new ArmScenario(slow).group("hsm-group");
            RestExample example = RestExample.load("keyvault-arm-managedhsm/ManagedHsm_CreateOrUpdate.json");

            RawHttp.Answer answer = put(slow, example);

            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.header("Location")).contains("/providers/Microsoft.KeyVault/locations/westus/operationResults/");
            assertThat(JsonShape.differences(example.responseBody(202), answer.json(), NOT_MODELLED)).isEmpty();
            assertThat(answer.json().path("properties").path("provisioningState").asText()).isEqualTo("Provisioning");
        }
    }

    @Test
    void getUpdateListAndDeleteAnswerWithTheExamplesShapes() {
        put(fixture, RestExample.load("keyvault-arm-managedhsm/ManagedHsm_CreateOrUpdate.json"));

        RestExample get = RestExample.load("keyvault-arm-managedhsm/ManagedHsm_Get.json");
        RawHttp.Answer read = send("GET", path + "?api-version=" + get.apiVersion(), null);
        assertThat(JsonShape.differences(get.responseBody(200), read.json(), NOT_MODELLED)).isEmpty();

        RestExample update = RestExample.load("keyvault-arm-managedhsm/ManagedHsm_Update.json");
        RawHttp.Answer updated = send("PATCH", path + "?api-version=" + update.apiVersion(), update.requestBody("parameters").toString());
        assertThat(updated.status()).isEqualTo(200);
        assertThat(JsonShape.differences(update.responseBody(200), updated.json(), NOT_MODELLED)).isEmpty();
        assertThat(updated.json().path("tags").path("Slice").asText()).isEqualTo("A");

        RestExample list = RestExample.load("keyvault-arm-managedhsm/ManagedHsm_ListByResourceGroup.json");
        RawHttp.Answer listed = send("GET", path.substring(0, path.lastIndexOf('/')) + "?api-version=" + list.apiVersion(), null);
        assertThat(JsonShape.differences(list.responseBody(200), listed.json(), NOT_MODELLED)).isEmpty();

        RestExample delete = RestExample.load("keyvault-arm-managedhsm/ManagedHsm_Delete.json");
        RawHttp.Answer deleted = send("DELETE", path + "?api-version=" + delete.apiVersion(), null);
        assertThat(delete.allowsStatus(deleted.status())).isTrue();
    }

    @Test
    void aDeletedHsmAnswersWithTheDeletedExamplesShape() {
        put(fixture, RestExample.load("keyvault-arm-managedhsm/ManagedHsm_CreateOrUpdate.json"));
        send("DELETE", path + "?api-version=2025-05-01", null);
        RestExample example = RestExample.load("keyvault-arm-managedhsm/DeletedManagedHsm_Get.json");

        RawHttp.Answer answer = send("GET", "/subscriptions/" + fixture.emulator.options().subscriptionId()
                + "/providers/Microsoft.KeyVault/locations/westus/deletedManagedHSMs/hsm1?api-version=" + example.apiVersion(), null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(JsonShape.differences(example.responseBody(200), answer.json(), NOT_MODELLED)).isEmpty();
    }

    /** The example's body, with the emulator's tenant and the deployer as the initial administrator. */
    private RawHttp.Answer put(EmulatorFixture target, RestExample example) {
        ObjectNode body = example.requestBody("parameters");
        ObjectNode properties = (ObjectNode) body.get("properties");
        properties.put("tenantId", target.emulator.options().tenantId());
        ArrayNode admins = properties.putArray("initialAdminObjectIds");
        admins.add(Principals.DEPLOYER);
        return target.raw.send("PUT", path + "?api-version=" + example.apiVersion(), body.toString(), Principals.DEPLOYER);
    }

    private RawHttp.Answer send(String method, String url, String body) {
        return fixture.raw.send(method, url, body, Principals.DEPLOYER);
    }
}
