package com.cmkorchestrator.emulator.hsm.securitydomain;

import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bouncycastle.crypto.threshold.ShamirSecretSplitter;
import org.bouncycastle.crypto.threshold.ShamirSplitSecret;
import org.bouncycastle.crypto.threshold.ShamirSplitSecretShare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The emulator's security domain file: the same outer shape as Azure's ({@code EncData},
 * {@code SharedKeys.enc_shares[].enc_key/x5t_256}, {@code key_algorithm: shamir_share},
 * {@code required}, {@code version}), with emulator contents that are really encrypted:
 * <ul>
 *   <li>a random 256-bit master key is split with Shamir's scheme (BouncyCastle's
 *       {@link ShamirSecretSplitter}) into one share per certificate, any {@code required} of
 *       which rebuild it;</li>
 *   <li>each share, as {@code {"index":i,"share":base64url}}, is a compact JWE (RSA-OAEP-256, A256GCM)
 *       for that certificate's public key;</li>
 *   <li>{@code EncData.data[0].compact_jwe} is a JWE ({@code dir}, A256GCM) under the master key of
 *       {@code {"hsm","hsmUri","downloadedAt"}}; Azure puts the HSM's key material there instead.</li>
 * </ul>
 * Unlike Azure's, this file cannot be uploaded to restore an HSM: the emulator has no upload.
 */
public final class SecurityDomainBlob {
    static final String STATE_TAG = "cmk-emulator-hsm-state";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private SecurityDomainBlob() {
    }

    /** @return the security domain JSON (the download's {@code value} is this text, base64url-encoded) */
    public static String seal(String hsmName, String hsmUri, List<WrappingCertificate> certificates, int required,
                              Instant downloadedAt) {
        ShamirSplitSecret split = new ShamirSecretSplitter(ShamirSecretSplitter.Algorithm.AES,
                ShamirSecretSplitter.Mode.Table, 32, RANDOM).split(required, certificates.size());
        try {
            // BouncyCastle 1.80 sizes the share array by the secret length, leaving null slots after the
            // n real shares; rebuild the secret from the first `required` shares, as a holder would.
            ShamirSplitSecretShare[] shares = Arrays.stream(split.getSecretShares()).filter(Objects::nonNull)
                    .map(ShamirSplitSecretShare.class::cast).toArray(ShamirSplitSecretShare[]::new);
            byte[] masterKey = new ShamirSplitSecret(ShamirSecretSplitter.Algorithm.AES, ShamirSecretSplitter.Mode.Table,
                    Arrays.copyOf(shares, required)).getSecret();

            ObjectNode root = EmuRequest.JSON.createObjectNode();
            ObjectNode state = EmuRequest.JSON.createObjectNode()
                    .put("hsm", hsmName).put("hsmUri", hsmUri).put("downloadedAt", downloadedAt.toString());
            ObjectNode encData = root.putObject("EncData").put("kdf", "none");
            encData.putArray("data").addObject().put("tag", STATE_TAG)
                    .put("compact_jwe", CompactJwe.encryptDirect(bytes(state), masterKey));

            ObjectNode sharedKeys = root.putObject("SharedKeys");
            ArrayNode encShares = sharedKeys.putArray("enc_shares");
            for (int i = 0; i < certificates.size(); i++) {
                WrappingCertificate certificate = certificates.get(i);
                // BouncyCastle numbers shares from 1 in the order it returns them.
                ObjectNode share = EmuRequest.JSON.createObjectNode()
                        .put("index", i + 1).put("share", B64.encodeToString(shares[i].getEncoded()));
                encShares.addObject()
                        .put("enc_key", CompactJwe.encryptRsa(bytes(share), certificate.publicKey(), certificate.kid()))
                        .put("x5t_256", certificate.thumbprintS256());
            }
            sharedKeys.put("key_algorithm", "shamir_share").put("required", required);
            root.put("version", 2);
            return root.toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a secret share: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
