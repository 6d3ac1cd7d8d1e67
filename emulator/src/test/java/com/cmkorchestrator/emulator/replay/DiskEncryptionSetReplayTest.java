package com.cmkorchestrator.emulator.replay;

import com.azure.resourcemanager.msi.models.Identity;
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

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays of the official Microsoft.Compute/diskEncryptionSets examples (2025-01-02), with the
 * example's vault replaced by an emulated Managed HSM and its key placeholders by real versions.
 */
class DiskEncryptionSetReplayTest {
    private static final String API = "?api-version=2025-01-02";
    private static EmulatorFixture fixture;
    private static String subscription;
    private static FakeFleet.Hsm hsm;
    private static Identity identity;

    @BeforeAll
    static void start() {
        fixture = EmulatorFixture.withFakeHsms();
        subscription = fixture.emulator.options().subscriptionId();
        ArmScenario arm = new ArmScenario(fixture);
        arm.group("myResourceGroup");
        identity = arm.identity("myResourceGroup", "des-identity");
        hsm = fixture.fakeFleet.hsm(arm.hsm("myResourceGroup", "hsm-des-replay").id());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void createWithASystemAssignedIdentityAnswersWithTheExamplesShape() {
        RestExample example = RestExample.load("compute-des/DiskEncryptionSet_Create.json");
        String version = hsm.rotate("create-key");

        RawHttp.Answer answer = put("des-create", localized(example, "create-key/" + version));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(JsonShape.differences(example.responseBody(200), answer.json(), Set.of())).isEmpty();
    }

    @Test
    void createWithAUserAssignedIdentityAnswersWithTheExamplesShape() {
        RestExample example = RestExample.load("compute-des/DiskEncryptionSet_Create_WithKeyVaultFromADifferentTenant.json");
        String version = hsm.rotate("tenant-key");
        hsm.grant(identity.principalId(), "tenant-key");

        RawHttp.Answer answer = put("des-tenant", localized(example, "tenant-key/" + version));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(JsonShape.differences(example.responseBody(200), answer.json(), Set.of())).isEmpty();
        assertThat(answer.json().path("properties").path("federatedClientId").asText()).isEqualTo("00000000-0000-0000-0000-000000000000");
    }

    @Test
    void getUpdateAndDeleteAnswerWithTheExamplesShapes() {
        String first = hsm.rotate("keyName");
        RawHttp.Answer created = put("des-update", localized(RestExample.load("compute-des/DiskEncryptionSet_Create.json"), "keyName/" + first));
        hsm.grant(created.json().path("identity").path("principalId").asText(), "keyName");

        RestExample get = RestExample.load("compute-des/DiskEncryptionSet_Get.json");
        assertThat(JsonShape.differences(get.responseBody(200), send("GET", set("des-update"), null).json(), Set.of())).isEmpty();

        RestExample update = RestExample.load("compute-des/DiskEncryptionSet_Update.json");
        hsm.addVersion("keyName", "keyVersion");
        RawHttp.Answer updated = send("PATCH", set("des-update"), localized(update, null).toString());
        assertThat(updated.status()).isEqualTo(200);
        assertThat(JsonShape.differences(update.responseBody(200), updated.json(), Set.of())).isEmpty();

        RestExample delete = RestExample.load("compute-des/DiskEncryptionSet_Delete.json");
        assertThat(delete.allowsStatus(send("DELETE", set("des-update"), null).status())).isTrue();
    }

    @Test
    void rotationToTheLatestVersionAnswersWithTheExamplesShapesDuringAndAfterIt() {
        RestExample enable = RestExample.load("compute-des/DiskEncryptionSet_Update_WithRotationToLatestKeyVersionEnabled.json");
        RestExample inProgress = RestExample.load("compute-des/DiskEncryptionSet_Update_WithRotationToLatestKeyVersionEnabledInProgress.json");
        hsm.addVersion("rotating", "keyVersion1");
        RawHttp.Answer created = put("des-rotating", localized(RestExample.load("compute-des/DiskEncryptionSet_Create.json"), "rotating/keyVersion1"));
        hsm.grant(created.json().path("identity").path("principalId").asText(), "rotating");
        ObjectNode body = RestExample.substitute(enable.requestBody("diskEncryptionSet"), "https://myvaultdifferentsub.vault-int.azure-int.net/keys/keyName/",
                hsm.uri() + "keys/rotating/");
        assertThat(send("PATCH", set("des-rotating"), body.toString()).status()).isEqualTo(200);

        hsm.addVersion("rotating", "keyVersion2");
        fixture.emulator.clock().advance(Duration.ofMinutes(61));

        RawHttp.Answer rotating = send("GET", set("des-rotating"), null);
        assertThat(rotating.json().path("properties").path("activeKey").path("keyUrl").asText()).endsWith("/keys/rotating/keyVersion2");
        assertThat(JsonShape.differences(inProgress.responseBody(200), rotating.json(), Set.of())).isEmpty();
        fixture.emulator.clock().advance(Duration.ofMinutes(15));
        assertThat(JsonShape.differences(enable.responseBody(200), send("GET", set("des-rotating"), null).json(), Set.of())).isEmpty();
    }

    @Test
    void aFailedAutomaticRotationAnswersWithTheAutoKeyRotationErrorExamplesShape() {
        RestExample example = RestExample.load("compute-des/DiskEncryptionSet_Get_WithAutoKeyRotationError.json");
        String first = hsm.rotate("lost");
        RawHttp.Answer created = put("des-lost", localized(RestExample.load("compute-des/DiskEncryptionSet_Create.json"), "lost/" + first));
        String principal = created.json().path("identity").path("principalId").asText();
        hsm.grant(principal, "lost");
        send("PATCH", set("des-lost"), "{\"properties\":{\"rotationToLatestKeyVersionEnabled\":true},\"tags\":{\"project\":\"Encryption\"}}");

        hsm.revoke(principal, "lost");
        hsm.rotate("lost");
        fixture.emulator.clock().advance(Duration.ofHours(2));

        RawHttp.Answer answer = send("GET", set("des-lost"), null);
        assertThat(JsonShape.differences(example.responseBody(200), answer.json(), Set.of())).isEmpty();
    }

    /** The example's body with its placeholders made real; {@code keyPath} replaces {@code {key}}. */
    private static ObjectNode localized(RestExample example, String keyPath) {
        ObjectNode body = example.requestBody("diskEncryptionSet");
        body = RestExample.substitute(body, "{subscriptionId}", subscription);
        body = RestExample.substitute(body, "{resourceGroupName}", "myResourceGroup");
        body = RestExample.substitute(body, "{identityName}", "des-identity");
        body = RestExample.substitute(body, "https://myvmvault.vault-int.azure-int.net/", hsm.uri().toString());
        body = RestExample.substitute(body, "https://myvaultdifferenttenant.vault-int.azure-int.net/", hsm.uri().toString());
        return keyPath == null ? body : RestExample.substitute(body, "{key}", keyPath);
    }

    private static RawHttp.Answer put(String name, ObjectNode body) {
        return send("PUT", set(name), body.toString());
    }

    private static String set(String name) {
        return "/subscriptions/" + subscription + "/resourceGroups/myResourceGroup/providers/Microsoft.Compute/diskEncryptionSets/"
                + name + API;
    }

    private static RawHttp.Answer send(String method, String url, String body) {
        return fixture.raw.send(method, url, body, Principals.DEPLOYER);
    }
}
