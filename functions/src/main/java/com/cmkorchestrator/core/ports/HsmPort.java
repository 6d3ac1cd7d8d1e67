package com.cmkorchestrator.core.ports;

import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.HsmRequest;

import java.util.Optional;

/**
 * Managed HSM resources on the ARM plane ({@code Microsoft.KeyVault/managedHSMs}, api-version 2025-05-01).
 * Adapter: {@code azure-resourcemanager-keyvault} ({@code KeyVaultManager.serviceClient().getManagedHsms()}).
 * Needs an ARM role with {@code Microsoft.KeyVault/managedHSMs/read} (and {@code write} to create).
 * Every method throws {@link AzureCallException} for an Azure error other than the "not found" it maps to empty.
 */
public interface HsmPort {

    /**
     * {@code ManagedHsms_Get}: {@code GET {hsm}?api-version=2025-05-01}.
     *
     * @return the HSM, or empty on 404 {@code ResourceNotFound}
     */
    Optional<HsmState> get(ArmId hsm);

    /**
     * {@code ManagedHsms_CreateOrUpdate}: {@code PUT {hsm}} with {@code sku}, {@code location}, {@code tenantId},
     * {@code initialAdminObjectIds}, {@code softDeleteRetentionInDays}, {@code enablePurgeProtection}.
     * Begins the long-running operation and returns without waiting: provisioning takes tens of minutes, and the
     * reconciler polls {@link #get} instead (the poller is never kept, so nothing is lost across restarts).
     * Called only after {@link #get} returned empty: it never updates an existing HSM.
     */
    void beginCreate(HsmRequest request);
}
