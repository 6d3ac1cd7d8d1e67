package com.cmkorchestrator.emulator.hsm;

import com.cmkorchestrator.emulator.hsm.keys.HsmProperties;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The Managed HSM data planes the emulator runs: one HTTPS endpoint per HSM. ARM provisions
 * them; ARM's CMK enforcement and the admin API query them.
 */
public interface ManagedHsmFleet {

    /**
     * Called when ARM finishes provisioning a {@code Microsoft.KeyVault/managedHSMs} resource:
     * starts its data-plane endpoint. The HSM starts {@code NotActivated}.
     *
     * @param armId the HSM's ARM resource ID
     * @param initialAdminObjectIds who may download the security domain and gets Administrator at {@code /}
     */
    ManagedHsm provision(String armId, String name, String tenantId, List<String> initialAdminObjectIds);

    /**
     * As {@link #provision(String, String, String, List)}, with the ARM properties that shape the data
     * plane (soft-delete retention, purge protection). The 4-argument form uses {@link HsmProperties#DEFAULTS}.
     */
    default ManagedHsm provision(String armId, String name, String tenantId, List<String> initialAdminObjectIds,
                                 HsmProperties properties) {
        return provision(armId, name, tenantId, initialAdminObjectIds);
    }

    Optional<ManagedHsm> byArmId(String armId);

    /** Finds the HSM serving {@code hsmUri} (scheme, host and port are compared). */
    Optional<ManagedHsm> byUri(URI hsmUri);

    List<ManagedHsm> all();

    /** ARM DELETE: the HSM stops serving but keeps its keys (soft delete) until purged. */
    void softDelete(String armId);

    /** ARM purge of a deleted HSM: its keys are gone for good. */
    void purge(String armId);

    /** ARM {@code createMode: recover}: serves the soft-deleted HSM again at the same URI. */
    Optional<ManagedHsm> recover(String armId);
}
