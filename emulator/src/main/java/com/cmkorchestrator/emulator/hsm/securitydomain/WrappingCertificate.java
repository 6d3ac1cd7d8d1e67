package com.cmkorchestrator.emulator.hsm.securitydomain;

import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;

/**
 * One security-domain wrapping certificate as the download request carries it: a JWK with
 * {@code kid}, {@code kty=RSA}, {@code key_ops}, {@code n}, {@code e}, {@code x5c}, {@code x5t#S256} and
 * {@code alg} (all required by the 7.5 securitydomain.json spec). Validation goes beyond presence:
 * the certificate must parse, its SHA-256 thumbprint must equal {@code x5t#S256}, and its RSA public
 * key must be the one {@code n}/{@code e} describe, so that the security domain is really readable by
 * the holder of the certificate's private key.
 *
 * @param index position in the request, for error messages
 */
public record WrappingCertificate(int index, String kid, X509Certificate certificate, RSAPublicKey publicKey,
                                  String thumbprintS256) {

    private static final List<String> REQUIRED = List.of("kid", "kty", "key_ops", "n", "e", "x5c", "x5t#S256", "alg");

    /** @throws KeyVaultError 400 {@code BadParameter} naming the certificate and field at fault */
    public static WrappingCertificate parse(int index, JsonNode jwk) {
        String where = "certificates[" + index + "]";
        if (!jwk.isObject()) {
            throw KeyVaultError.badParameter(where + " must be a JSON Web Key object.");
        }
        for (String field : REQUIRED) {
            JsonNode value = jwk.get(field);
            if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
                throw KeyVaultError.badParameter(where + "." + field + " is required.");
            }
        }
        if (!"RSA".equals(jwk.get("kty").asText())) {
            throw KeyVaultError.badParameter(where + ".kty must be RSA, got " + jwk.get("kty").asText() + ".");
        }
        JsonNode x5c = jwk.get("x5c");
        if (!x5c.isArray() || x5c.isEmpty() || !x5c.get(0).isTextual()) {
            throw KeyVaultError.badParameter(where + ".x5c must be a non-empty array of base64 DER certificates.");
        }
        byte[] der;
        X509Certificate certificate;
        try {
            der = Base64.getDecoder().decode(x5c.get(0).asText());
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (IllegalArgumentException | CertificateException e) {
            throw KeyVaultError.badParameter(where + ".x5c[0] is not a valid X.509 certificate: " + e.getMessage());
        }
        String thumbprint = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(der));
        if (!thumbprint.equals(jwk.get("x5t#S256").asText())) {
            throw KeyVaultError.badParameter(where + ".x5t#S256 does not match the SHA-256 thumbprint of x5c[0].");
        }
        if (!(certificate.getPublicKey() instanceof RSAPublicKey rsa)) {
            throw KeyVaultError.badParameter(where + ".x5c[0] does not hold an RSA public key.");
        }
        if (!rsa.getModulus().equals(unsigned(jwk, "n", where)) || !rsa.getPublicExponent().equals(unsigned(jwk, "e", where))) {
            throw KeyVaultError.badParameter(where + ".n/e do not match the public key of x5c[0].");
        }
        return new WrappingCertificate(index, jwk.get("kid").asText(), certificate, rsa, thumbprint);
    }

    private static BigInteger unsigned(JsonNode jwk, String field, String where) {
        try {
            return new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get(field).asText()));
        } catch (IllegalArgumentException e) {
            throw KeyVaultError.badParameter(where + "." + field + " is not base64url: " + e.getMessage());
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
