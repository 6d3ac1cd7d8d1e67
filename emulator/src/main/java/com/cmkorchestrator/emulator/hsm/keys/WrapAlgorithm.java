package com.cmkorchestrator.emulator.hsm.keys;

import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;

import javax.crypto.Cipher;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.util.Arrays;

/**
 * The RSA key-wrap / encryption algorithms Key Vault offers for RSA keys, mapped to JDK ciphers.
 * OAEP parameters are spelled out because the JDK's "OAEPWithSHA-256AndMGF1Padding" keeps MGF1 on
 * SHA-1, while JOSE's RSA-OAEP-256 (and Key Vault) use SHA-256 for both.
 */
public enum WrapAlgorithm {
    RSA_OAEP("RSA-OAEP", "RSA/ECB/OAEPPadding",
            new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT)),
    RSA_OAEP_256("RSA-OAEP-256", "RSA/ECB/OAEPPadding",
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT)),
    RSA1_5("RSA1_5", "RSA/ECB/PKCS1Padding", null);

    private final String jwaName;
    private final String transformation;
    private final OAEPParameterSpec oaep;

    WrapAlgorithm(String jwaName, String transformation, OAEPParameterSpec oaep) {
        this.jwaName = jwaName;
        this.transformation = transformation;
        this.oaep = oaep;
    }

    public String jwaName() { return jwaName; }

    /** @throws KeyVaultError 400 {@code BadParameter} for a missing or unknown {@code alg} */
    public static WrapAlgorithm parse(String alg) {
        return Arrays.stream(values()).filter(a -> a.jwaName.equals(alg)).findFirst()
                .orElseThrow(() -> KeyVaultError.badParameter("Invalid algorithm '" + alg
                        + "' for an RSA key. Valid values are RSA-OAEP, RSA-OAEP-256 and RSA1_5."));
    }

    Cipher cipher(int mode, Key key) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(transformation);
        if (oaep == null) {
            cipher.init(mode, key);
        } else {
            cipher.init(mode, key, oaep);
        }
        return cipher;
    }
}
