package com.cmkorchestrator.emulator.hsm;

import com.azure.core.http.HttpMethod;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.cmkorchestrator.emulator.auth.BearerAuthentication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.List;

import static com.cmkorchestrator.emulator.hsm.HsmTestbed.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fleet as ARM drives it: provision, look up, soft delete, recover, purge; and the data plane's front door. */
class HsmFleetTest {
    @RegisterExtension
    static final HsmTestbed testbed = HsmTestbed.perClass();

    @Test
    void provisioningServesAnHsmOnItsOwnLoopbackPort() {
        ManagedHsm first = testbed.provision();
        ManagedHsm second = testbed.provision();

        assertThat(first.uri().toString()).matches("https://127\\.0\\.0\\.1:\\d+/");
        assertThat(first.uri().getPort()).isNotEqualTo(second.uri().getPort());
        assertThat(testbed.fleet.byArmId(first.armId().toUpperCase())).containsSame(first);
        assertThat(testbed.fleet.byUri(URI.create("https://localhost:" + first.uri().getPort() + "/"))).containsSame(first);
        assertThat(testbed.fleet.all()).contains(first, second);
    }

    @Test
    void provisioningTheSameArmIdAgainReturnsTheSameHsm() {
        ManagedHsm hsm = testbed.provision();

        assertThat(testbed.fleet.provision(hsm.armId(), hsm.name(), HsmTestbed.TENANT, List.of(HsmTestbed.ADMIN)))
                .isSameAs(hsm);
    }

    @Test
    void refusesAnAdministratorThatIsNotAnObjectId() {
        assertThatThrownBy(() -> testbed.fleet.provision("/subscriptions/x/providers/Microsoft.KeyVault/managedHSMs/bad",
                "bad", HsmTestbed.TENANT, List.of("alice@contoso.com"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSoftDeletedHsmStopsServingAndRecoversWithItsKeys() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyVaultKey key = testbed.keys(hsm, OPERATOR).createRsaKey(new CreateRsaKeyOptions("kept").setHardwareProtected(true));

        testbed.fleet.softDelete(hsm.armId());

        assertThat(testbed.fleet.byArmId(hsm.armId())).isEmpty();
        assertThatThrownBy(() -> testbed.keys(hsm, OPERATOR).getKey("kept")).isInstanceOf(RuntimeException.class);

        ManagedHsm recovered = testbed.fleet.recover(hsm.armId()).orElseThrow();

        assertThat(recovered.uri()).isEqualTo(hsm.uri());
        assertThat(testbed.keys(recovered, OPERATOR).getKey("kept").getId()).isEqualTo(key.getId());
    }

    @Test
    void aPurgedHsmIsGoneForGood() {
        ManagedHsm hsm = testbed.provision();

        testbed.fleet.purge(hsm.armId());

        assertThat(testbed.fleet.recover(hsm.armId())).isEmpty();
        assertThat(testbed.fleet.snapshots()).noneMatch(s -> s.armId().equals(hsm.armId()));
    }

    @Test
    void aCallWithoutATokenGetsTheManagedHsmChallenge() {
        ManagedHsm hsm = testbed.provision();
        HsmTestbed.Rest anonymous = new HsmTestbed.Rest(new com.azure.core.http.HttpPipelineBuilder()
                .httpClient(testbed.httpClient).build());

        HsmTestbed.Rest.Answer answer = anonymous.get(hsm, "/keys");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("WWW-Authenticate")).isEqualTo(BearerAuthentication.managedHsmChallenge(HsmTestbed.TENANT));
    }

    @Test
    void refusesAnUnknownApiVersionAsKeyVaultDoes() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();

        HsmTestbed.Rest.Answer answer = testbed.rest(OPERATOR).get(hsm, "/keys?api-version=7.9");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("BadParameter");
        assertThat(answer.body().path("error").path("message").asText())
                .startsWith("The specified version (7.9) is not recognized. Consider using the latest supported version");
    }

    @Test
    void acceptsEveryApiVersionThePinnedSdksSend() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();

        for (String version : List.of("7.2", "7.3", "7.4", "7.5", "7.6", "2025-07-01")) {
            assertThat(testbed.rest(OPERATOR).get(hsm, "/keys?api-version=" + version).status()).as(version).isEqualTo(200);
        }
    }

    @Test
    void refusesARequestWithoutApiVersion() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();

        HsmTestbed.Rest.Answer answer = testbed.rest(OPERATOR).sendRaw(HttpMethod.GET, hsm.uri() + "keys", null);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("BadParameter");
    }

    @Test
    void anUnknownPathIsNotFoundAndAKnownPathWithAnotherMethodIsNotAllowed() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();

        assertThat(testbed.rest(OPERATOR).get(hsm, "/secrets").status()).isEqualTo(404);
        assertThat(testbed.rest(OPERATOR).send(HttpMethod.DELETE, hsm, "/keys", null).status()).isEqualTo(405);
    }

    @Test
    void aSnapshotShowsKeysVersionsAndAssignments() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        testbed.keys(hsm, OPERATOR).createRsaKey(new CreateRsaKeyOptions("seen").setHardwareProtected(true));

        HsmSnapshot snapshot = hsm.snapshot();

        assertThat(snapshot.activationStatus()).isEqualTo("Active");
        assertThat(snapshot.keys()).singleElement().satisfies(key -> {
            assertThat(key.name()).isEqualTo("seen");
            assertThat(key.versions()).singleElement().satisfies(v -> assertThat(v.kty()).isEqualTo("RSA-HSM"));
        });
        assertThat(snapshot.roleAssignments()).extracting(HsmSnapshot.Assignment::roleName)
                .contains("Managed HSM Administrator", "Managed HSM Crypto User");
        assertThat(snapshot.settings()).containsEntry("AllowKeyManagementOperationsThroughARM", false);
    }
}
