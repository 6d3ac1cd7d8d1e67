package com.cmkorchestrator.core.engine;

/**
 * {@code Bound} holds: the resource references the key as its kind and version policy require.
 *
 * @param written whether this pass wrote the target, so that it must be read again to verify
 */
record Bound(AccessGranted access, boolean written) {

    KeyReady key() {
        return access.key();
    }
}
