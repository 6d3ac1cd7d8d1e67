package com.cmkorchestrator.emulator.hsm;

import com.azure.security.keyvault.administration.models.KeyVaultRoleScope;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.cmkorchestrator.emulator.hsm.securitydomain.CompactJwe;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bouncycastle.crypto.threshold.ShamirSecretSplitter;
import org.bouncycastle.crypto.threshold.ShamirSplitSecret;
import org.bouncycastle.crypto.threshold.ShamirSplitSecretShare;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

import static com.cmkorchestrator.emulator.hsm.HsmTestbed.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Activation by security domain download: who may do it, what it checks, and what it returns. */
class ActivationTest {
    @RegisterExtension
    static final HsmTestbed testbed = HsmTestbed.perClass();

    private static HsmTestbed.Rest.Answer download(ManagedHsm hsm, String caller, JsonNode body) {
        return testbed.rest(caller).post(hsm, "/securitydomain/download", body);
    }

    private static ObjectNode request(Consumer<ObjectNode> change) {
        ObjectNode body = WrappingCertificates.downloadRequest(3, 2);
        change.accept(body);
        return body;
    }

    @Test
    void aNewHsmIsNotActivatedAndRefusesKeyOperations() {
        ManagedHsm hsm = testbed.provision();

        assertThat(hsm.activationStatus()).isEqualTo("NotActivated");
        assertThatThrownBy(() -> testbed.keys(hsm, ADMIN).createRsaKey(new CreateRsaKeyOptions("k").setHardwareProtected(true)))
                .hasMessageContaining("403").hasMessageContaining("not activated");
    }

    @Test
    void aNewHsmRefusesRoleAssignmentsToo() {
        ManagedHsm hsm = testbed.provision();

        assertThatThrownBy(() -> testbed.access(hsm, ADMIN).listRoleAssignments(KeyVaultRoleScope.GLOBAL).stream().count())
                .hasMessageContaining("not activated");
    }

    @Test
    void theInitialAdministratorActivatesTheHsmByDownloadingTheSecurityDomain() {
        ManagedHsm hsm = testbed.provision();

        HsmTestbed.Rest.Answer answer = download(hsm, ADMIN, WrappingCertificates.downloadRequest(3, 2));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.body().path("value").asText()).isNotEmpty();
        assertThat(answer.header("Azure-AsyncOperation")).isEqualTo(hsm.uri() + "securitydomain/download/pending");
        HsmTestbed.Rest.Answer pending = testbed.rest(ADMIN).get(hsm, "/securitydomain/download/pending");
        assertThat(pending.body().path("status").asText()).isEqualTo("Success");
        assertThat(hsm.activationStatus()).isEqualTo("Active");
    }

    @Test
    void anotherPrincipalCannotDownloadTheSecurityDomain() {
        ManagedHsm hsm = testbed.provision();

        HsmTestbed.Rest.Answer answer = download(hsm, HsmTestbed.newPrincipal(), WrappingCertificates.downloadRequest(3, 2));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.errorCode()).isEqualTo("AccessDenied");
        assertThat(hsm.activationStatus()).isEqualTo("NotActivated");
    }

    @Test
    void theSecurityDomainCanBeDownloadedOnlyOnce() {
        ManagedHsm hsm = testbed.provision();
        testbed.activate(hsm);

        assertThat(download(hsm, ADMIN, WrappingCertificates.downloadRequest(3, 2)).status()).isEqualTo(409);
    }

    @Test
    void refusesFewerThanThreeCertificates() {
        assertRefused(request(body -> ((ArrayNode) body.get("certificates")).remove(2)), "between 3 and 10");
    }

    @Test
    void refusesAQuorumLargerThanTheCertificates() {
        assertRefused(request(body -> body.put("required", 4)), "cannot exceed");
    }

    @Test
    void refusesAQuorumBelowTwo() {
        assertRefused(request(body -> body.put("required", 1)), "between 2 and 10");
    }

    @Test
    void refusesACertificateWhoseThumbprintDoesNotMatch() {
        assertRefused(request(body -> ((ObjectNode) body.get("certificates").get(1)).put("x5t#S256", "AAAA")),
                "certificates[1].x5t#S256");
    }

    @Test
    void refusesACertificateMissingARequiredField() {
        assertRefused(request(body -> ((ObjectNode) body.get("certificates").get(0)).remove("alg")), "certificates[0].alg");
    }

    @Test
    void refusesAJwkWhosePublicKeyIsNotTheCertificates() {
        assertRefused(request(body -> ((ObjectNode) body.get("certificates").get(2))
                .put("n", body.get("certificates").get(0).get("n").asText())), "do not match");
    }

    @Test
    void refusesTheSameCertificateTwice() {
        assertRefused(request(body -> ((ArrayNode) body.get("certificates")).set(2, body.get("certificates").get(0))),
                "repeats");
    }

    @Test
    void refusesMalformedJson() {
        ManagedHsm hsm = testbed.provision();

        HsmTestbed.Rest.Answer answer = testbed.rest(ADMIN).sendRaw(com.azure.core.http.HttpMethod.POST,
                hsm.uri() + "securitydomain/download?api-version=7.5", "{\"certificates\": [");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("BadParameter");
    }

    private static void assertRefused(ObjectNode body, String messagePart) {
        ManagedHsm hsm = testbed.provision();

        HsmTestbed.Rest.Answer answer = download(hsm, ADMIN, body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("BadParameter");
        assertThat(answer.body().path("error").path("message").asText()).contains(messagePart);
        assertThat(hsm.activationStatus()).isEqualTo("NotActivated");
    }

    @Test
    void anyQuorumOfCertificateHoldersCanOpenTheSecurityDomain() throws Exception {
        ManagedHsm hsm = testbed.provision();
        String value = download(hsm, ADMIN, WrappingCertificates.downloadRequest(4, 3)).body().path("value").asText();
        JsonNode domain = EmuRequest.JSON.readTree(Base64.getUrlDecoder().decode(value));
        List<WrappingCertificates.Holder> holders = WrappingCertificates.first(4);

        assertThat(domain.path("SharedKeys").path("required").asInt()).isEqualTo(3);
        assertThat(domain.path("SharedKeys").path("key_algorithm").asText()).isEqualTo("shamir_share");
        JsonNode shares = domain.path("SharedKeys").path("enc_shares");
        assertThat(shares).hasSize(4);
        // Holders 1, 2 and 3 (not 0) decrypt their shares and rebuild the master key.
        ShamirSplitSecretShare[] opened = new ShamirSplitSecretShare[3];
        for (int i = 1; i <= 3; i++) {
            JsonNode share = EmuRequest.JSON.readTree(CompactJwe.decryptRsa(shares.get(i).path("enc_key").asText(),
                    holders.get(i).keyPair().getPrivate()));
            opened[i - 1] = new ShamirSplitSecretShare(Base64.getUrlDecoder().decode(share.path("share").asText()),
                    share.path("index").asInt());
        }
        byte[] masterKey = new ShamirSplitSecret(ShamirSecretSplitter.Algorithm.AES, ShamirSecretSplitter.Mode.Table,
                opened).getSecret();
        byte[] state = CompactJwe.decryptDirect(domain.path("EncData").path("data").get(0).path("compact_jwe").asText(),
                masterKey);

        assertThat(EmuRequest.JSON.readTree(new String(state, StandardCharsets.UTF_8)).path("hsm").asText())
                .isEqualTo(hsm.name());
    }

    @Test
    void activationCanTakeEmulatedTimeWhileThePendingOperationSaysInProgress() {
        HsmOptions slow = new HsmOptions("127.0.0.1", Duration.ZERO, Duration.ofMinutes(3), Duration.ofSeconds(1), 0);
        try (HsmTestbed slowTestbed = HsmTestbed.start(slow)) {
            ManagedHsm hsm = slowTestbed.provision();
            slowTestbed.activate(hsm);

            assertThat(slowTestbed.rest(ADMIN).get(hsm, "/securitydomain/download/pending").body().path("status").asText())
                    .isEqualTo("InProgress");
            assertThat(hsm.activationStatus()).isEqualTo("NotActivated");

            slowTestbed.clock.advance(Duration.ofMinutes(3));

            assertThat(hsm.activationStatus()).isEqualTo("Active");
        }
    }
}
