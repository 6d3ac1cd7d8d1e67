package com.cmkorchestrator.core.status;

import com.fasterxml.jackson.annotation.JsonValue;

/** The chain of a binding, in the order the reconciler ensures it. */
public enum ConditionType {
    HSM_READY("HsmReady"),
    KEY_READY("KeyReady"),
    IDENTITY_READY("IdentityReady"),
    ACCESS_GRANTED("AccessGranted"),
    BOUND("Bound"),
    VERIFIED("Verified");

    private final String json;

    ConditionType(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
