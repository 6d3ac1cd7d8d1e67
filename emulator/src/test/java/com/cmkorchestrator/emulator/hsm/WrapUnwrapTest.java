package com.cmkorchestrator.emulator.hsm;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpMethod;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.UnwrapResult;
import com.azure.security.keyvault.keys.cryptography.models.WrapResult;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

import static com.cmkorchestrator.emulator.hsm.HsmTestbed.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key wrapping with the versions' real RSA keys, through the real CryptographyClient and plain REST. */
class WrapUnwrapTest {
    @RegisterExtension
    static final HsmTestbed testbed = HsmTestbed.perClass();

    private static byte[] randomAesKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSA-OAEP", "RSA-OAEP-256", "RSA1_5"})
    void wrappedKeysUnwrapToTheSameBytes(String algorithm) {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyVaultKey key = testbed.keys(hsm, OPERATOR).createRsaKey(new CreateRsaKeyOptions("cmk").setHardwareProtected(true));
        CryptographyClient crypto = testbed.crypto(key.getId(), OPERATOR);
        byte[] dataKey = randomAesKey();

        WrapResult wrapped = crypto.wrapKey(KeyWrapAlgorithm.fromString(algorithm), dataKey);
        UnwrapResult unwrapped = crypto.unwrapKey(KeyWrapAlgorithm.fromString(algorithm), wrapped.getEncryptedKey());

        assertThat(unwrapped.getKey()).isEqualTo(dataKey);
        assertThat(unwrapped.getKeyId()).isEqualTo(key.getId());
        assertThat(testbed.requestLog.entries(e -> e.surface().equals(hsm.name()) && e.path().endsWith("/unwrapkey")
                && e.status() == 200)).hasSize(1);
    }

    @Test
    void theHsmWrapsWithThePublicKeyItPublishes() throws Exception {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyVaultKey key = testbed.keys(hsm, OPERATOR).createRsaKey(new CreateRsaKeyOptions("pub").setHardwareProtected(true));
        byte[] dataKey = randomAesKey();
        ObjectNode body = EmuRequest.JSON.createObjectNode().put("alg", "RSA-OAEP-256")
                .put("value", Base64.getUrlEncoder().withoutPadding().encodeToString(dataKey));

        HsmTestbed.Rest.Answer wrapped = testbed.rest(OPERATOR).post(hsm,
                "/keys/pub/" + key.getProperties().getVersion() + "/wrapkey", body);

        assertThat(wrapped.status()).isEqualTo(200);
        assertThat(wrapped.body().path("kid").asText()).isEqualTo(key.getId());
        // An RSA-OAEP ciphertext is as long as the modulus, and unwrapping needs the HSM's private key.
        byte[] ciphertext = Base64.getUrlDecoder().decode(wrapped.body().path("value").asText());
        assertThat(ciphertext).hasSize(256);
        assertThat(testbed.crypto(key.getId(), OPERATOR).unwrapKey(KeyWrapAlgorithm.RSA_OAEP_256, ciphertext).getKey())
                .isEqualTo(dataKey);
        PublicKey published = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, key.getKey().getN()), new BigInteger(1, key.getKey().getE())));
        Cipher local = Cipher.getInstance("RSA/ECB/OAEPPadding");
        local.init(Cipher.ENCRYPT_MODE, published,
                new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        assertThat(testbed.crypto(key.getId(), OPERATOR).unwrapKey(KeyWrapAlgorithm.RSA_OAEP_256, local.doFinal(dataKey))
                .getKey()).isEqualTo(dataKey);
    }

    @Test
    void aValueWrappedByAnotherVersionDoesNotUnwrap() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        KeyVaultKey first = keys.createRsaKey(new CreateRsaKeyOptions("two").setHardwareProtected(true));
        KeyVaultKey second = keys.createRsaKey(new CreateRsaKeyOptions("two").setHardwareProtected(true));
        byte[] wrapped = testbed.crypto(first.getId(), OPERATOR).wrapKey(KeyWrapAlgorithm.RSA_OAEP, randomAesKey())
                .getEncryptedKey();

        assertThatThrownBy(() -> testbed.crypto(second.getId(), OPERATOR).unwrapKey(KeyWrapAlgorithm.RSA_OAEP, wrapped))
                .isInstanceOf(HttpResponseException.class).hasMessageContaining("BadParameter");
    }

    @Test
    void aDisabledKeyRefusesToUnwrap() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        KeyVaultKey key = keys.createRsaKey(new CreateRsaKeyOptions("off").setHardwareProtected(true));
        byte[] wrapped = testbed.crypto(key.getId(), OPERATOR).wrapKey(KeyWrapAlgorithm.RSA_OAEP, randomAesKey())
                .getEncryptedKey();
        keys.updateKeyProperties(key.getProperties().setEnabled(false));

        assertThatThrownBy(() -> testbed.crypto(key.getId(), OPERATOR).unwrapKey(KeyWrapAlgorithm.RSA_OAEP, wrapped))
                .isInstanceOf(HttpResponseException.class)
                .hasMessageContaining("403").hasMessageContaining("not allowed on a disabled key");
    }

    @Test
    void anExpiredKeyRefusesToUnwrapOnceEmulatedTimePassesItsExpiry() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyClient keys = testbed.keys(hsm, OPERATOR);
        OffsetDateTime expires = OffsetDateTime.ofInstant(testbed.clock.instant(), ZoneOffset.UTC).plusDays(10);
        KeyVaultKey key = keys.createRsaKey(new CreateRsaKeyOptions("dated").setHardwareProtected(true)
                .setExpiresOn(expires));
        byte[] wrapped = testbed.crypto(key.getId(), OPERATOR).wrapKey(KeyWrapAlgorithm.RSA_OAEP, randomAesKey())
                .getEncryptedKey();

        testbed.clock.advance(Duration.ofDays(11));

        assertThatThrownBy(() -> testbed.crypto(key.getId(), OPERATOR).unwrapKey(KeyWrapAlgorithm.RSA_OAEP, wrapped))
                .isInstanceOf(HttpResponseException.class)
                .hasMessageContaining("403").hasMessageContaining("expired");
    }

    @Test
    void aVersionWithoutUnwrapKeyInKeyOpsRefusesToUnwrap() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyVaultKey key = testbed.keys(hsm, OPERATOR).createRsaKey(new CreateRsaKeyOptions("wraponly")
                .setHardwareProtected(true).setKeyOperations(KeyOperation.WRAP_KEY));
        ObjectNode body = EmuRequest.JSON.createObjectNode().put("alg", "RSA-OAEP").put("value", "AAAA");

        HsmTestbed.Rest.Answer answer = testbed.rest(OPERATOR).post(hsm, "/keys/wraponly/"
                + key.getProperties().getVersion() + "/unwrapkey", body);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body().path("error").path("innererror").path("code").asText()).isEqualTo("KeyOperationForbidden");
    }

    @Test
    void anEcKeyCannotWrapWithAnRsaAlgorithm() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyVaultKey key = testbed.keys(hsm, OPERATOR).createEcKey(new CreateEcKeyOptions("ec").setHardwareProtected(true)
                .setKeyOperations(KeyOperation.WRAP_KEY));
        ObjectNode body = EmuRequest.JSON.createObjectNode().put("alg", "RSA-OAEP").put("value", "AAAA");

        HsmTestbed.Rest.Answer answer = testbed.rest(OPERATOR).post(hsm, "/keys/ec/"
                + key.getProperties().getVersion() + "/wrapkey", body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("BadParameter");
    }

    @Test
    void anUnknownAlgorithmIsBadParameter() {
        ManagedHsm hsm = testbed.activeHsmWithOperator();
        KeyVaultKey key = testbed.keys(hsm, OPERATOR).createRsaKey(new CreateRsaKeyOptions("alg").setHardwareProtected(true));
        ObjectNode body = EmuRequest.JSON.createObjectNode().put("alg", "A256KW").put("value", "AAAA");

        HsmTestbed.Rest.Answer answer = testbed.rest(OPERATOR).send(HttpMethod.POST, hsm,
                "/keys/alg/" + key.getProperties().getVersion() + "/wrapkey", body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("error").path("message").asText()).contains("RSA-OAEP-256");
    }
}
