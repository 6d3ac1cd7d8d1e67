package com.cmkorchestrator.core.safety;

import com.cmkorchestrator.core.model.ArmId;

/**
 * A write to a key the app does not own was asked for (docs/concurrency.md section 1): it neither created the key
 * nor did a binding adopt it. Thrown before any Azure call; nothing was changed.
 */
public final class KeyNotOwnedException extends RuntimeException {

    public KeyNotOwnedException(ArmId hsm, String key) {
        super("key " + key + " of Managed HSM " + hsm.resourceName() + " is not owned by the app: it did not create"
                + " it and no binding adopted it, so the app does not write to it (rotate, rotation policy, grants,"
                + " disabling versions); nothing was changed. A binding that means to manage it declares"
                + " \"key\": {\"name\": \"" + key + "\", \"adopt\": true, ...}");
    }
}
