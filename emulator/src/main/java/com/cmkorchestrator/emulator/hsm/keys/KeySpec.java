package com.cmkorchestrator.emulator.hsm.keys;

import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;

import java.util.Arrays;
import java.util.Set;

/**
 * What kind of key pair a key's versions hold: RSA-HSM of 2048, 3072 or 4096 bits, or EC-HSM on one
 * of Key Vault's curves. Rotation creates the new version with the same spec.
 */
public record KeySpec(String kty, int rsaBits, Curve curve) {
    public static final String RSA_HSM = "RSA-HSM";
    public static final String EC_HSM = "EC-HSM";
    private static final Set<Integer> RSA_SIZES = Set.of(2048, 3072, 4096);

    /** Key Vault's EC curves, with the JCA name and the coordinate length in bytes. */
    public enum Curve {
        P_256("P-256", "secp256r1", 32),
        P_256K("P-256K", "secp256k1", 32),
        P_384("P-384", "secp384r1", 48),
        P_521("P-521", "secp521r1", 66);

        private final String jwkName;
        private final String jcaName;
        private final int coordinateBytes;

        Curve(String jwkName, String jcaName, int coordinateBytes) {
            this.jwkName = jwkName;
            this.jcaName = jcaName;
            this.coordinateBytes = coordinateBytes;
        }

        public String jwkName() { return jwkName; }

        public String jcaName() { return jcaName; }

        public int coordinateBytes() { return coordinateBytes; }

        static Curve parse(String name) {
            return Arrays.stream(values()).filter(c -> c.jwkName.equals(name)).findFirst()
                    .orElseThrow(() -> KeyVaultError.badParameter("Invalid curve name '" + name
                            + "'. Valid values are P-256, P-256K, P-384 and P-521."));
        }
    }

    public KeySpec {
        if (RSA_HSM.equals(kty)) {
            if (!RSA_SIZES.contains(rsaBits) || curve != null) {
                throw new IllegalArgumentException("RSA-HSM needs 2048, 3072 or 4096 bits and no curve");
            }
        } else if (EC_HSM.equals(kty)) {
            if (curve == null || rsaBits != 0) {
                throw new IllegalArgumentException("EC-HSM needs a curve and no key size");
            }
        } else {
            throw new IllegalArgumentException("unsupported kty " + kty);
        }
    }

    public boolean isRsa() { return RSA_HSM.equals(kty); }

    /**
     * Reads {@code kty}, {@code key_size} and {@code crv} of a create request.
     *
     * @throws KeyVaultError 400 {@code BadParameter}: Managed HSM keys are HSM-protected, so plain
     *         {@code RSA}/{@code EC} are refused (inferred); {@code oct-HSM} is not emulated
     */
    static KeySpec parse(String kty, Integer keySize, String crv) {
        if (kty == null || kty.isBlank()) {
            throw KeyVaultError.badParameter("The property 'kty' is required (RSA-HSM or EC-HSM).");
        }
        return switch (kty) {
            case RSA_HSM -> {
                int bits = keySize == null ? 2048 : keySize;
                if (!RSA_SIZES.contains(bits)) {
                    throw KeyVaultError.badParameter("Invalid key_size " + bits + " for RSA-HSM. Valid sizes are 2048,"
                            + " 3072 and 4096.");
                }
                if (crv != null) {
                    throw KeyVaultError.badParameter("The property 'crv' is not valid for kty RSA-HSM.");
                }
                yield new KeySpec(RSA_HSM, bits, null);
            }
            case EC_HSM -> {
                if (keySize != null) {
                    throw KeyVaultError.badParameter("The property 'key_size' is not valid for kty EC-HSM.");
                }
                yield new KeySpec(EC_HSM, 0, Curve.parse(crv == null ? "P-256" : crv));
            }
            case "RSA", "EC" -> throw KeyVaultError.badParameter("Invalid key type " + kty + ": Managed HSM keys"
                    + " are HSM-protected; use " + kty + "-HSM.");
            case "oct-HSM" -> throw KeyVaultError.badParameter("oct-HSM (symmetric) keys are not supported by the"
                    + " cmk-orchestrator emulator; use RSA-HSM.");
            default -> throw KeyVaultError.badParameter("Invalid key type '" + kty
                    + "'. Valid values are RSA-HSM and EC-HSM.");
        };
    }
}
