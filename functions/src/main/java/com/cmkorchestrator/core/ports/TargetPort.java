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
     * {@code identity.userAssignedIdentities[identity] = {}}. Storage answers at once; a disk encryption set's PATCH is
     * a long-running operation, which is begun and not waited for (the core attaches a set's identity with its key
     * instead, see {@link TargetBinding.DiskEncryptionSetKey}).
     */
    void attachIdentity(ArmId target, ArmId identity);

    /**
     * Writes the key reference ({@code PATCH} or, for Databricks, {@code PUT {target}}, see each {@link TargetBinding}
     * kind) and returns what began: {@link TargetWrite.Done} with the resource when ARM answered the write at once
     * (Storage's PATCH), {@link TargetWrite.Running} with the operation to poll when ARM runs it as a long-running
     * operation (DES, Databricks). Never waits for an operation. A refusal ARM makes at once (key access, policy)
     * throws here; one it makes at the operation's end comes from {@link #poll}.
     */
    TargetWrite bind(TargetBinding binding);

    /**
     * Looks once at an operation {@link #bind} began: {@code GET} its {@code Azure-AsyncOperation} (then the resource)
     * or {@code Location} URL.
     *
     * @return {@link TargetWrite.Running} with ARM's new {@code Retry-After} while it runs, {@link TargetWrite.Done}
     *         with the resource once it succeeded, {@link TargetWrite.Failed} with Azure's error once it failed, or
     *         empty when ARM no longer knows the operation (then read the resource to see whether the write landed)
     * @throws AzureCallException when the look itself failed (throttled, no answer): the operation is still there
     */
    Optional<TargetWrite> poll(TargetOperation operation);
}
