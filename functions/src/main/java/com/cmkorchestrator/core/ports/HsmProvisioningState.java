package com.cmkorchestrator.core.ports;

import java.util.Locale;

/** {@code properties.provisioningState} of a managed HSM (azure-facts 1). */
public enum HsmProvisioningState {
    PROVISIONING, SUCCEEDED, ACTIVATED, SECURITY_DOMAIN_RESTORE, RESTORING, UPDATING, DELETING, FAILED, UNKNOWN;

    /** Maps Azure's spelling ({@code "SecurityDomainRestore"}); anything new becomes {@link #UNKNOWN}. */
    public static HsmProvisioningState fromAzure(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        String normalised = value.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        for (HsmProvisioningState state : values()) {
            if (state.name().equals(normalised)) {
                return state;
            }
        }
        return UNKNOWN;
    }

    /** The HSM exists and its data plane can be activated or used. */
    public boolean isProvisioned() {
        return this == SUCCEEDED || this == ACTIVATED;
    }
}
