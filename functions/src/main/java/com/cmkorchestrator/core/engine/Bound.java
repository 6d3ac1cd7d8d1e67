package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.ports.TargetState;

/**
 * {@code Bound} holds: the resource references the key as its kind and version policy require.
 *
 * @param target the resource as it stands: read in this pass, or as ARM answered this pass's write (or the end of
 *               the write's operation), so that verifying it needs no read of its own
 */
record Bound(AccessGranted access, TargetState target) {

    KeyReady key() {
        return access.key();
    }
}
