package com.cmkorchestrator.emulator.hsm.keys;

import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Cipher;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * One key version's key pair. The private half never leaves the emulator (as in an HSM); the
 * public half is published as a JWK, and RSA pairs wrap and unwrap for real.
 */
public final class KeyMaterial {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final KeySpec spec;
    private final KeyPair pair;

    public KeyMaterial(KeySpec spec, KeyPair pair) {
        this.spec = spec;
        this.pair = pair;
    }

    public KeySpec spec() { return spec; }

    public PublicKey publicKey() { return pair.getPublic(); }

    /** Adds the JWK's public parameters: {@code n}/{@code e} or {@code crv}/{@code x}/{@code y}. */
    void writePublicParameters(ObjectNode key) {
        if (pair.getPublic() instanceof RSAPublicKey rsa) {
            key.put("n", B64.encodeToString(unsigned(rsa.getModulus(), 0)));
            key.put("e", B64.encodeToString(unsigned(rsa.getPublicExponent(), 0)));
        } else if (pair.getPublic() instanceof ECPublicKey ec) {
            int length = spec.curve().coordinateBytes();
            key.put("crv", spec.curve().jwkName());
            key.put("x", B64.encodeToString(unsigned(ec.getW().getAffineX(), length)));
            key.put("y", B64.encodeToString(unsigned(ec.getW().getAffineY(), length)));
        }
    }

    /** Wrap / encrypt with the public key. @throws KeyVaultError 400 for EC keys or oversized input */
    byte[] encrypt(WrapAlgorithm algorithm, byte[] plaintext) {
        requireRsa(algorithm);
        try {
            return algorithm.cipher(Cipher.ENCRYPT_MODE, pair.getPublic()).doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw KeyVaultError.badParameter("The value cannot be encrypted with " + algorithm.jwaName()
                    + " under this key: " + e.getMessage());
        }
    }

    /** Unwrap / decrypt with the private key. @throws KeyVaultError 400 when the value was not made by this key */
    byte[] decrypt(WrapAlgorithm algorithm, byte[] ciphertext) {
        requireRsa(algorithm);
        try {
            return algorithm.cipher(Cipher.DECRYPT_MODE, pair.getPrivate()).doFinal(ciphertext);
        } catch (GeneralSecurityException e) {
            throw KeyVaultError.badParameter("The value cannot be decrypted with " + algorithm.jwaName()
                    + " by this key version (wrong key, algorithm or corrupted value).");
        }
    }

    private void requireRsa(WrapAlgorithm algorithm) {
        if (!spec.isRsa()) {
            throw KeyVaultError.badParameter("Algorithm " + algorithm.jwaName() + " is not valid for key type "
                    + spec.kty() + ".");
        }
    }

    /** Big-endian magnitude without the sign byte, left-padded to {@code length} when given. */
    private static byte[] unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (length > bytes.length) {
            byte[] padded = new byte[length];
            System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
            return padded;
        }
        return bytes;
    }
}
