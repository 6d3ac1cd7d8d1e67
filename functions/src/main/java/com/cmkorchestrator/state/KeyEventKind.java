package com.cmkorchestrator.state;

/**
 * The Key Vault key events the HSM event bridge publishes on Managed HSM's behalf, with their
 * Event Grid event types (the ones Key Vault itself emits for vaults).
 */
public enum KeyEventKind {
    KEY_NEW_VERSION_CREATED("Microsoft.KeyVault.KeyNewVersionCreated"),
    KEY_NEAR_EXPIRY("Microsoft.KeyVault.KeyNearExpiry"),
    KEY_EXPIRED("Microsoft.KeyVault.KeyExpired");

    private final String eventType;

    KeyEventKind(String eventType) {
        this.eventType = eventType;
    }

    public String eventType() {
        return eventType;
    }

    /** The short name, e.g. {@code KeyNearExpiry}. */
    public String shortName() {
        return eventType.substring(eventType.lastIndexOf('.') + 1);
    }
}
