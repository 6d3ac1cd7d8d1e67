package com.cmkorchestrator.core.ports;

/** {@code properties.securityDomainProperties.activationStatus} of a managed HSM. */
public enum ActivationStatus {
    NOT_ACTIVATED, ACTIVE, FAILED, UNKNOWN;

    public static ActivationStatus fromAzure(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        return switch (value) {
            case "NotActivated" -> NOT_ACTIVATED;
            case "Active" -> ACTIVE;
            case "Failed" -> FAILED;
            default -> UNKNOWN;
        };
    }
}
