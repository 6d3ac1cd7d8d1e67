package com.cmkorchestrator.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where the app grants a binding's identity "Managed HSM Crypto Service Encryption User". Managed HSM allows 10 role
 * assignments per key scope and 50 at HSM scope ({@code /} and {@code /keys} together; azure-facts 8), so the
 * narrow grant is the default and the broad one is taken only when a binding asks for it.
 * <ul>
 *   <li>{@code key} (the default): at {@code /keys/<name>}, this key only;</li>
 *   <li>{@code allKeys}: at {@code /keys}, every key of the HSM, counted against the HSM's 50.</li>
 * </ul>
 */
public enum GrantScope implements JsonNamed {
    KEY("key"),
    ALL_KEYS("allKeys");

    private final String json;

    GrantScope(String json) {
        this.json = json;
    }

    @JsonValue
    @Override
    public String json() {
        return json;
    }

    @JsonCreator
    public static GrantScope fromJson(String text) {
        return JsonNamed.parse(GrantScope.class, text);
    }

    /** The local RBAC scope of the grant for key {@code keyName}. */
    public String roleScope(String keyName) {
        return this == KEY ? "/keys/" + keyName : "/keys";
    }
}
