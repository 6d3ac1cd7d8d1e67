package com.cmkorchestrator.core.ports;

import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;

import com.cmkorchestrator.core.model.TargetKind;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * The resources keys are bound to, on ARM. The adapter dispatches on the target's type:
 * Storage ({@code azure-resourcemanager-storage}, api-version 2025-08-01), DES ({@code azure-resourcemanager-compute},
 * {@code DiskEncryptionSets_*}), Databricks (generic resources, {@code Microsoft.Databricks/workspaces} 2026-01-01).
 * Needs ARM write on the target. Throws {@link AzureCallException} for Azure errors; a bind attempted before the
 * key grant propagated fails with a key-access code ({@code KeyVaultAccessForbidden} for DES), which the error
 * classifier treats as slow-retryable.
 */
public interface TargetPort {

    /**
     * {@code StorageAccounts_GetProperties} / {@code DiskEncryptionSets_Get} / {@code Workspaces_Get}:
     * {@code GET {target}}.
     *
     * @return the resource's key state, or empty on 404
     */
    Optional<TargetState> read(ArmId target);

    /**
     * Every resource of {@code kind} in {@code scope} (a subscription or a resource group), with its key settings, a
     * page at a time as ARM lists them ({@code StorageAccounts_List[ByResourceGroup]},
     * {@code DiskEncryptionSets_List[ByResourceGroup]}, {@code Workspaces_ListBy{Subscription,ResourceGroup}},
     * following {@code nextLink}): one ARM read per page, not per resource. The stream reads pages as it is consumed.
     */
    Stream<TargetState> list(ArmId scope, TargetKind kind);

    /**
     * Adds a user-assigned identity to the resource, keeping the identities it has:
     * {@code PATCH {target}} with {@code identity.type} including {@code UserAssigned} and
     * {@code identity.userAssignedIdentities[identity] = {}}.
     */
    void attachIdentity(ArmId target, ArmId identity);

    /**
     * Writes the key reference ({@code PATCH {target}}, see each {@link TargetBinding} kind). Waits for the
     * write's long-running operation to finish, so a refusal (key access, policy) surfaces here.
     */
    void bind(TargetBinding binding);
}
