package com.cmkorchestrator.emulator.hsm;

import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
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
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=sd-wrapping-" + index);
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(index + 1L),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), subject,
                    pair.getPublic());
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate());
            return new Holder(pair, new JcaX509CertificateConverter().getCertificate(builder.build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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
