package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.ports.KeyPort;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;

import java.net.URI;

/**
 * Rotates a key on demand, refusing before Azure would at the 100-version cap. Rotation only adds a version:
 * nothing here disables or deletes one.
 */
public final class KeyRotation {

    private final KeyPort keys;

    public KeyRotation(KeyPort keys) {
        this.keys = keys;
    }

    /**
     * @throws VersionCapReachedException when the key already has 100 versions
     * @throws NoRotationPolicyException when the HSM refused because the key has no rotation policy
     */
    public KeyVersion rotate(ArmId hsm, URI hsmUri, KeyState key, String why, Writes writes) {
        if (key.atVersionCap()) {
            throw new VersionCapReachedException(key);
        }
        try {
            return writes.perform(Write.Kind.ROTATE_KEY, hsm, "rotate " + key.name() + ": " + why,
                    () -> keys.rotate(hsmUri, key.name()));
        } catch (AzureCallException refused) {
            // Managed HSM rotates on demand only a key that has a rotation policy (azure-facts 5); its refusal's
            // wording is not documented, so the policy itself is read to tell that case from any other 4xx
            if (refused.httpStatus() >= 400 && refused.httpStatus() < 500
                    && keys.getRotationPolicy(hsmUri, key.name()).isEmpty()) {
                throw new NoRotationPolicyException(hsm, key, refused);
            }
            throw refused;
        }
    }

    /** The key has no rotation policy, so the HSM will not rotate it on demand; nothing changed. */
    public static final class NoRotationPolicyException extends RuntimeException {
        public NoRotationPolicyException(ArmId hsm, KeyState key, AzureCallException refusal) {
            super("key " + key.name() + " of Managed HSM " + hsm.resourceName() + " has no rotation policy, and Managed"
                    + " HSM rotates on demand only a key that has one: set a rotation policy on it (az keyvault key"
                    + " rotation-policy update --hsm-name " + hsm.resourceName() + " --name " + key.name()
                    + " --value policy.json), or declare key.rotationPolicy in a binding that uses it, so that the app"
                    + " sets one", refusal);
        }
    }

    /** Managed HSM allows 100 versions per key, rotations included; the next rotation would fail. */
    public static final class VersionCapReachedException extends RuntimeException {
        public VersionCapReachedException(KeyState key) {
            super("key " + key.name() + " has " + key.versions().size() + " versions, Managed HSM's cap of "
                    + KeyState.VERSION_CAP + ": it cannot rotate; create a new key and move the bindings to it");
        }
    }
}
