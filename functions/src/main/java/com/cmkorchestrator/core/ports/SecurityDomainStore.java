package com.cmkorchestrator.core.ports;

import com.cmkorchestrator.core.model.ArmId;

/**
 * Keeps the encrypted security domain where the HSM request said ({@code activation.destination}, for example a
 * blob URL or a file path). Implementations must not log the content and must not overwrite an existing copy.
 */
public interface SecurityDomainStore {

    /**
     * Refuses, when the request arrives and without touching it, a destination this store would never write to:
     * not its kind, outside the allow-list, not durable where the app runs. Sends nothing to the destination.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code destination}
     */
    void validate(String destination);

    /**
     * Refuses a destination this store cannot keep a security domain at: not its kind, not durable where the app
     * runs, or already holding something. Called before the download, because the download is what activates the
     * HSM: a security domain that cannot be stored afterwards is one nobody holds.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code destination}
     */
    void check(String destination, ArmId hsm);

    /**
     * Stores the security domain of {@code hsm} at {@code destination}.
     *
     * @throws RuntimeException when it cannot be stored; the reconciler then reports the activation as failed
     *                          rather than pretend the only recovery artefact is safe
     */
    void store(String destination, ArmId hsm, EncryptedSecurityDomain securityDomain);
}
