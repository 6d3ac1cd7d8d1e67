package com.cmkorchestrator.emulator.hsm;

import com.cmkorchestrator.emulator.hsm.securitydomain.SelfSignedWrappingCertificate;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Security-domain wrapping certificates as an administrator would make them with openssl (RSA 2048,
 * self-signed), generated once per test run, and the download request body that carries them.
 */
final class WrappingCertificates {
    record Holder(KeyPair keyPair, X509Certificate certificate) {
    }

    private static final List<Holder> CACHE = new ArrayList<>();

    private WrappingCertificates() {
    }

    static synchronized List<Holder> first(int count) {
        while (CACHE.size() < count) {
            CACHE.add(generate(CACHE.size()));
        }
        return List.copyOf(CACHE.subList(0, count));
    }

    private static Holder generate(int index) {
        SelfSignedWrappingCertificate made = SelfSignedWrappingCertificate.generate("sd-wrapping-" + index);
        return new Holder(made.keyPair(), made.certificate());
    }

    /** The JWK Key Vault expects for one certificate (7.5 SecurityDomainJsonWebKey). */
    static ObjectNode jwk(Holder holder, String kid) {
        try {
            byte[] der = holder.certificate().getEncoded();
            RSAPublicKey key = (RSAPublicKey) holder.keyPair().getPublic();
            Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
            ObjectNode jwk = EmuRequest.JSON.createObjectNode().put("kid", kid).put("kty", "RSA");
            jwk.putArray("key_ops").add("verify").add("encrypt").add("wrapKey");
            jwk.put("alg", "RSA-OAEP-256");
            jwk.putArray("x5c").add(Base64.getEncoder().encodeToString(der));
            jwk.put("x5t#S256", url.encodeToString(MessageDigest.getInstance("SHA-256").digest(der)));
            jwk.put("n", url.encodeToString(unsigned(key.getModulus())));
            jwk.put("e", url.encodeToString(unsigned(key.getPublicExponent())));
            return jwk;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode downloadRequest(int certificates, int required) {
        ObjectNode body = EmuRequest.JSON.createObjectNode();
        ArrayNode list = body.putArray("certificates");
        List<Holder> holders = first(certificates);
        for (int i = 0; i < holders.size(); i++) {
            list.add(jwk(holders.get(i), "cert" + i));
        }
        body.put("required", required);
        return body;
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 && bytes.length > 1 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
