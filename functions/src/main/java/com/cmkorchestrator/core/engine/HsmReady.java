package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.ports.HsmState;

import java.net.URI;

/** {@code HsmReady} holds: the binding's HSM is provisioned and active. */
record HsmReady(HsmState hsm) {

    URI hsmUri() {
        return hsm.hsmUri();
    }
}
