package com.cmkorchestrator.core.status;

import com.fasterxml.jackson.annotation.JsonValue;

/** {@code True}: holds. {@code False}: does not hold and needs a person or a fix. {@code Waiting}: will be looked at again. */
public enum ConditionStatus {
    TRUE("True"),
    FALSE("False"),
    WAITING("Waiting");

    private final String json;

    ConditionStatus(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
