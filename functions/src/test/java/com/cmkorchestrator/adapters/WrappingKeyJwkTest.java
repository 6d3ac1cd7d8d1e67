package com.cmkorchestrator.adapters;

import com.cmkorchestrator.adapters.support.WrappingCertificates;
import com.cmkorchestrator.core.model.WrappingCertificate;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The JWK a wrapping certificate becomes in the security domain download (7.5 securitydomain.json). */
class WrappingKeyJwkTest {
    private static final WrappingCertificate CERTIFICATE = WrappingCertificates.fresh(1).get(0);

    @Test
    void carriesEveryMemberTheSpecRequires() {
        JsonNode jwk = WrappingKeyJwk.of(CERTIFICATE);

        assertThat(jwk.fieldNames()).toIterable()
                .contains("kid", "kty", "key_ops", "alg", "n", "e", "x5c", "x5t#S256");
        assertThat(jwk.get("kty").asText()).isEqualTo("RSA");
        assertThat(jwk.get("alg").asText()).isEqualTo("RSA-OAEP-256");
        assertThat(jwk.get("key_ops")).extracting(JsonNode::asText).contains("wrapKey");
    }

    @Test
    void modulusAndExponentAreTheCertificatesKeyInUnsignedBase64url() {
        JsonNode jwk = WrappingKeyJwk.of(CERTIFICATE);

        byte[] n = Base64.getUrlDecoder().decode(jwk.get("n").asText());
        assertThat(n[0]).isNotZero();
        assertThat(new BigInteger(1, n)).isEqualTo(CERTIFICATE.publicKey().getModulus());
        assertThat(new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("e").asText())))
                .isEqualTo(CERTIFICATE.publicKey().getPublicExponent());
        assertThat(jwk.get("n").asText()).doesNotContain("=", "+", "/");
    }

    @Test
    void x5cIsTheCertificateInStandardBase64() throws Exception {
        JsonNode jwk = WrappingKeyJwk.of(CERTIFICATE);

        byte[] der = Base64.getDecoder().decode(jwk.get("x5c").get(0).asText());
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        assertThat(parsed).isEqualTo(CERTIFICATE.x509());
    }

    @Test
    void thumbprintsAreTheCertificatesDigests() throws Exception {
        JsonNode jwk = WrappingKeyJwk.of(CERTIFICATE);

        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(CERTIFICATE.der());
        assertThat(Base64.getUrlDecoder().decode(jwk.get("x5t#S256").asText())).isEqualTo(sha256);
        assertThat(Base64.getUrlDecoder().decode(jwk.get("x5t").asText()))
                .isEqualTo(MessageDigest.getInstance("SHA-1").digest(CERTIFICATE.der()));
    }

    @Test
    void distinctCertificatesGetDistinctKids() {
        var certificates = WrappingCertificates.fresh(2);

        assertThat(WrappingKeyJwk.of(certificates.get(0)).get("kid"))
                .isNotEqualTo(WrappingKeyJwk.of(certificates.get(1)).get("kid"));
    }

    @Test
    void unsignedDropsOnlyTheSignByte() {
        assertThat(WrappingKeyJwk.unsigned(BigInteger.valueOf(0x80))).containsExactly((byte) 0x80);
        assertThat(WrappingKeyJwk.unsigned(BigInteger.valueOf(65537))).containsExactly(1, 0, 1);
    }
}
