package com.cmkorchestrator.emulator.replay;

import com.cmkorchestrator.emulator.support.ArmScenario;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.FakeFleet;
import com.cmkorchestrator.emulator.support.JsonShape;
import com.cmkorchestrator.emulator.support.Principals;
import com.cmkorchestrator.emulator.support.RawHttp;
import com.cmkorchestrator.emulator.support.RestExample;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Replays of the official Microsoft.Databricks/workspaces examples (2026-01-01). */
class DatabricksReplayTest {
    /**
     * What Databricks reports that the emulator does not model: the UI definition, Unity Catalog,
     * role authorizations, the caller's puid/application ID, and network parameters the examples'
     * answers show although their requests did not send them.
     */
    private static final Set<String> NOT_MODELLED = Set.of("properties.uiDefinitionUri", "properties.isUcEnabled",
            "properties.authorizations", "properties.createdBy.puid", "properties.createdBy.applicationId",
            "properties.updatedBy.puid", "properties.updatedBy.applicationId", "properties.parameters.customPrivateSubnetName",
            "properties.parameters.customPublicSubnetName", "properties.parameters.customVirtualNetworkId");
    private static EmulatorFixture fixture;
    private static String subscription;
    private static FakeFleet.Hsm hsm;

    @BeforeAll
    static void start() {
        fixture = EmulatorFixture.withFakeHsms();
        subscription = fixture.emulator.options().subscriptionId();
        ArmScenario arm = new ArmScenario(fixture);
        arm.group("rg");
        hsm = fixture.fakeFleet.hsm(arm.hsm("rg", "hsm-dbx-replay").id());
        hsm.addVersion("test-cmk-key", "00000000000000000000000000000000");
        hsm.addVersion("myKeyName", "00000000000000000000000000000000");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void managedDiskEncryptionCreateGetAndUpdateAnswerWithTheExamplesShapes() {
        RestExample create = RestExample.load("databricks/WorkspaceManagedDiskEncryptionCreate.json");
        RawHttp.Answer created = send("PUT", workspace("disk"), localized(create).toString());
        assertThat(created.status()).isEqualTo(201);
        assertThat(JsonShape.differences(create.responseBody(201), created.json(), NOT_MODELLED)).isEmpty();
        hsm.grant(created.json().path("properties").path("managedDiskIdentity").path("principalId").asText(), "test-cmk-key");

        RestExample get = RestExample.load("databricks/WorkspaceManagedDiskEncryptionGet.json");
        assertThat(JsonShape.differences(get.responseBody(200), send("GET", workspace("disk"), null).json(), NOT_MODELLED)).isEmpty();

        RestExample update = RestExample.load("databricks/WorkspaceManagedDiskEncryptionUpdate.json");
        RawHttp.Answer updated = send("PUT", workspace("disk"), localized(update).toString());
        assertThat(updated.status()).isEqualTo(200);
        assertThat(JsonShape.differences(update.responseBody(200), updated.json(), NOT_MODELLED)).isEmpty();
    }

    @Test
    void prepareThenEnableEncryptionAnswerWithTheExamplesShapes() {
        RestExample prepare = RestExample.load("databricks/PrepareEncryption.json");
        RawHttp.Answer prepared = send("PUT", workspace("dbfs"), localized(prepare).toString());
        assertThat(prepared.status()).isEqualTo(201);
        assertThat(JsonShape.differences(prepare.responseBody(201), prepared.json(), NOT_MODELLED)).isEmpty();
        assertThat(prepared.json().path("properties").path("storageAccountIdentity").path("type").asText()).isEqualTo("SystemAssigned");

        RestExample enable = RestExample.load("databricks/EnableEncryption.json");
        RawHttp.Answer enabled = send("PUT", workspace("dbfs"), localized(enable).toString());
        assertThat(enabled.status()).isEqualTo(200);
        assertThat(JsonShape.differences(enable.responseBody(200), enabled.json(), NOT_MODELLED)).isEmpty();
    }

    private static ObjectNode localized(RestExample example) {
        ObjectNode body = RestExample.substitute(example.requestBody("parameters"), "11111111-1111-1111-1111-111111111111", subscription);
        body = RestExample.substitute(body, "https://test-vault-name.vault.azure.net/", hsm.uri().toString());
        return RestExample.substitute(body, "https://myKeyVault.vault.azure.net/", hsm.uri().toString());
    }

    private static String workspace(String name) {
        return "/subscriptions/" + subscription + "/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/" + name
                + "-workspace?api-version=2026-01-01";
    }

    private static RawHttp.Answer send(String method, String url, String body) {
        return fixture.raw.send(method, url, body, Principals.DEPLOYER);
    }
}
