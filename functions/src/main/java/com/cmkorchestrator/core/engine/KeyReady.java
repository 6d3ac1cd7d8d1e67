package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.OwnedKey;

import java.net.URI;

/**
 * {@code KeyReady} holds: the key exists as desired.
 *
 * @param key the key as last read (after a rotation in this pass, with the new version)
 * @param ref the binding's key on the HSM, without version
 * @param owned why the app may write to the key: every later step's writes to it rest on this
 */
record KeyReady(HsmReady hsm, KeyState key, KeyRef ref, OwnedKey owned) {

    URI hsmUri() {
        return hsm.hsmUri();
    }

    /** The binding's key at its current (latest) version: what pinned references move to. */
    KeyRef latest() {
        return ref.withVersion(key.latest().version());
    }
}
