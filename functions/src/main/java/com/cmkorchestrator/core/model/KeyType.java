package com.cmkorchestrator.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** HSM-protected key types, with Azure's {@code kty} spelling. */
public enum KeyType implements JsonNamed {
    RSA_HSM("RSA-HSM"),
    EC_HSM("EC-HSM");

    private final String kty;

    KeyType(String kty) {
        this.kty = kty;
    }

    /** Azure's {@code kty} value. */
    @JsonValue
    public String kty() {
        return kty;
    }

    @Override
    public String json() {
        return kty;
    }

    @JsonCreator
    public static KeyType fromKty(String text) {
        return JsonNamed.parse(KeyType.class, text);
    }
}
