package com.cmkorchestrator.core.engine;

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
     */
    public KeyVersion rotate(ArmId hsm, URI hsmUri, KeyState key, String why, Writes writes) {
        if (key.atVersionCap()) {
            throw new VersionCapReachedException(key);
        }
        return writes.perform(Write.Kind.ROTATE_KEY, hsm, "rotate " + key.name() + ": " + why,
                () -> keys.rotate(hsmUri, key.name()));
    }

    /** Managed HSM allows 100 versions per key, rotations included; the next rotation would fail. */
    public static final class VersionCapReachedException extends RuntimeException {
        public VersionCapReachedException(KeyState key) {
            super("key " + key.name() + " has " + key.versions().size() + " versions, Managed HSM's cap of "
                    + KeyState.VERSION_CAP + ": it cannot rotate; create a new key and move the bindings to it");
        }
    }
}
