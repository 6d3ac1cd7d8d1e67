package com.cmkorchestrator.emulator.hsm.securitydomain;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Compact JWE (RFC 7516) with {@code enc=A256GCM} and either {@code alg=RSA-OAEP-256} (content key
 * wrapped for an RSA public key) or {@code alg=dir} (a shared 256-bit key). Written by hand on JDK
 * crypto rather than adding a JOSE library to the emulator's runtime for two fixed algorithm pairs;
 * {@link #decryptRsa} / {@link #decryptDirect} exist so tests can prove the output is readable.
 */
public final class CompactJwe {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();
    private static final OAEPParameterSpec OAEP_256 =
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private CompactJwe() {
    }

    public static String encryptRsa(byte[] plaintext, PublicKey recipient, String kid) {
        try {
            byte[] contentKey = new byte[32];
            RANDOM.nextBytes(contentKey);
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.ENCRYPT_MODE, recipient, OAEP_256);
            String header = "{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"kid\":\"" + kid.replace("\"", "") + "\"}";
            return seal(header, rsa.doFinal(contentKey), contentKey, plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt for certificate " + kid + ": " + e.getMessage(), e);
        }
    }

    public static String encryptDirect(byte[] plaintext, byte[] key) {
        try {
            return seal("{\"alg\":\"dir\",\"enc\":\"A256GCM\"}", new byte[0], key, plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt: " + e.getMessage(), e);
        }
    }

    private static String seal(String header, byte[] encryptedKey, byte[] contentKey, byte[] plaintext)
            throws GeneralSecurityException {
        String protectedHeader = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8));
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(contentKey, "AES"), new GCMParameterSpec(128, iv));
        gcm.updateAAD(protectedHeader.getBytes(StandardCharsets.US_ASCII));
        byte[] sealed = gcm.doFinal(plaintext);
        byte[] ciphertext = Arrays.copyOfRange(sealed, 0, sealed.length - 16);
        byte[] tag = Arrays.copyOfRange(sealed, sealed.length - 16, sealed.length);
        return String.join(".", protectedHeader, B64.encodeToString(encryptedKey), B64.encodeToString(iv),
                B64.encodeToString(ciphertext), B64.encodeToString(tag));
    }

    public static byte[] decryptRsa(String jwe, PrivateKey recipient) throws GeneralSecurityException {
        String[] parts = jwe.split("\\.", -1);
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
        rsa.init(Cipher.DECRYPT_MODE, recipient, OAEP_256);
        return open(parts, rsa.doFinal(UNB64.decode(parts[1])));
    }

    public static byte[] decryptDirect(String jwe, byte[] key) throws GeneralSecurityException {
        return open(jwe.split("\\.", -1), key);
    }

    private static byte[] open(String[] parts, byte[] contentKey) throws GeneralSecurityException {
        if (parts.length != 5) {
            throw new GeneralSecurityException("a compact JWE has 5 parts, got " + parts.length);
        }
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(contentKey, "AES"),
                new GCMParameterSpec(128, UNB64.decode(parts[2])));
        gcm.updateAAD(parts[0].getBytes(StandardCharsets.US_ASCII));
        byte[] ciphertext = UNB64.decode(parts[3]);
        byte[] tag = UNB64.decode(parts[4]);
        byte[] sealed = Arrays.copyOf(ciphertext, ciphertext.length + tag.length);
        System.arraycopy(tag, 0, sealed, ciphertext.length, tag.length);
        return gcm.doFinal(sealed);
    }
}
