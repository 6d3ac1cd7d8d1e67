package com.cmkorchestrator.core.ports;

import com.cmkorchestrator.core.model.ArmId;

/**
 * Keeps the encrypted security domain where the HSM request said ({@code activation.destination}, for example a
 * blob URL or a file path). Implementations must not log the content and must not overwrite an existing copy.
 */
public interface SecurityDomainStore {

    /**
     * Stores the security domain of {@code hsm} at {@code destination}.
     *
     * @throws RuntimeException when it cannot be stored; the reconciler then reports the activation as failed
     *                          rather than pretend the only recovery artefact is safe
     */
    void store(String destination, ArmId hsm, EncryptedSecurityDomain securityDomain);
}
