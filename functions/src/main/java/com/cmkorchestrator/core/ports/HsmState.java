package com.cmkorchestrator.core.ports;

import com.cmkorchestrator.core.model.ArmId;

import java.net.URI;
import java.util.Objects;

/**
 * A managed HSM as ARM reports it.
 *
 * @param id                     ARM ID
 * @param provisioningState      {@code properties.provisioningState}
 * @param activationStatus       {@code properties.securityDomainProperties.activationStatus}
 * @param hsmUri                 {@code properties.hsmUri} (null until provisioned)
 * @param purgeProtectionEnabled {@code properties.enablePurgeProtection}
 */
public record HsmState(ArmId id, HsmProvisioningState provisioningState, ActivationStatus activationStatus,
                       URI hsmUri, boolean purgeProtectionEnabled) {

    public HsmState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provisioningState, "provisioningState");
        Objects.requireNonNull(activationStatus, "activationStatus");
    }

    /** Provisioned and activated: keys and role assignments can exist. */
    public boolean isActive() {
        return provisioningState.isProvisioned() && activationStatus == ActivationStatus.ACTIVE && hsmUri != null;
    }
}
