package com.cmkorchestrator.adapters;

import com.cmkorchestrator.core.model.WrappingCertificate;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A security-domain wrapping certificate as the JWK the download wants (7.5 securitydomain.json
 * {@code SecurityDomainJsonWebKey}): {@code kid, kty=RSA, key_ops, alg, n, e, x5c, x5t, x5t#S256}. The values
 * follow the spec's download example ({@code key_ops [verify, encrypt, wrapKey]}, {@code alg RSA-OAEP-256}).
 * Built by hand: no Azure library exposes this JWK, and the keys library's {@code JsonWebKey} has no {@code x5c}.
 */
final class WrappingKeyJwk {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private WrappingKeyJwk() {
    }

    /** {@code kid} is the certificate's SHA-256 thumbprint in hex: stable, and distinct per certificate. */
    static ObjectNode of(WrappingCertificate certificate) {
        byte[] der = certificate.der();
        RSAPublicKey key = certificate.publicKey();
        byte[] sha256 = digest("SHA-256", der);
        ObjectNode jwk = JsonNodeFactory.instance.objectNode();
        jwk.put("kid", HexFormat.of().formatHex(sha256));
        jwk.put("kty", "RSA");
        jwk.putArray("key_ops").add("verify").add("encrypt").add("wrapKey");
        jwk.put("alg", "RSA-OAEP-256");
        jwk.put("n", BASE64URL.encodeToString(unsigned(key.getModulus())));
        jwk.put("e", BASE64URL.encodeToString(unsigned(key.getPublicExponent())));
        // x5c is standard base64 (RFC 7517 4.7), unlike every other binary member, which is base64url
        jwk.putArray("x5c").add(Base64.getEncoder().encodeToString(der));
        jwk.put("x5t", BASE64URL.encodeToString(digest("SHA-1", der)));
        jwk.put("x5t#S256", BASE64URL.encodeToString(sha256));
        return jwk;
    }

    /** JWK integers are unsigned big-endian without leading zero bytes (RFC 7518 6.3.1). */
    static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
