package com.cmkorchestrator.emulator.replay;

import com.cmkorchestrator.emulator.support.ArmScenario;
import com.cmkorchestrator.emulator.support.EmulatorFixture;
import com.cmkorchestrator.emulator.support.JsonShape;
import com.cmkorchestrator.emulator.support.Principals;
import com.cmkorchestrator.emulator.support.RawHttp;
import com.cmkorchestrator.emulator.support.RestExample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Replays of the official Microsoft.ManagedIdentity/userAssignedIdentities examples (2024-11-30). */
class IdentityReplayTest {
    private static EmulatorFixture fixture;
    private static String path;

    @BeforeAll
    static void start() {
        fixture = EmulatorFixture.withFakeHsms();
        new ArmScenario(fixture).group("rgName");
        path = "/subscriptions/" + fixture.emulator.options().subscriptionId()
                + "/resourceGroups/rgName/providers/Microsoft.ManagedIdentity/userAssignedIdentities/identityName?api-version=";
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void createGetAndDeleteAnswerWithTheExamplesStatusesAndShapes() {
        RestExample create = RestExample.load("msi/IdentityCreate.json");
        RawHttp.Answer created = send("PUT", path + create.apiVersion(), create.requestBody("parameters").toString());
        assertThat(created.status()).isEqualTo(201);
        assertThat(JsonShape.differences(create.responseBody(201), created.json(), Set.of())).isEmpty();

        RawHttp.Answer again = send("PUT", path + create.apiVersion(), create.requestBody("parameters").toString());
        assertThat(again.status()).isEqualTo(200);
        assertThat(JsonShape.differences(create.responseBody(200), again.json(), Set.of())).isEmpty();
        assertThat(again.json().path("properties").path("principalId")).isEqualTo(created.json().path("properties").path("principalId"));

        RestExample get = RestExample.load("msi/IdentityGet.json");
        assertThat(JsonShape.differences(get.responseBody(200), send("GET", path + get.apiVersion(), null).json(), Set.of())).isEmpty();

        RestExample delete = RestExample.load("msi/IdentityDelete.json");
        assertThat(send("DELETE", path + delete.apiVersion(), null).status()).isEqualTo(200);
        assertThat(send("DELETE", path + delete.apiVersion(), null).status()).isEqualTo(204);
    }

    private static RawHttp.Answer send(String method, String url, String body) {
        return fixture.raw.send(method, url, body, Principals.DEPLOYER);
    }
}
