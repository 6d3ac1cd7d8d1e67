package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.KeySlot;

import java.util.Map;

/**
 * {@code Verified} holds: read back, every slot uses a sound version of the key.
 *
 * @param inForce the version each slot uses
 */
record Verified(Map<KeySlot, String> inForce) {

    Verified {
        inForce = Map.copyOf(inForce);
    }
}
