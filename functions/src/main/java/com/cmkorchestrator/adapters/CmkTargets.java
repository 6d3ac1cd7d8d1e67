package com.cmkorchestrator.adapters;

import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.core.ports.TargetBinding;
import com.cmkorchestrator.core.ports.TargetOperation;
import com.cmkorchestrator.core.ports.TargetPort;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.ports.TargetWrite;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** {@link TargetPort}: dispatches on the target's ARM type to the Storage, DES and Databricks adapters. */
public final class CmkTargets implements TargetPort {
    private final StorageAccountTarget storage;
    private final DiskEncryptionSetTarget diskEncryptionSets;
    private final DatabricksWorkspaceTarget databricks;
    private final Consumer<ArmId> refusedIdentity;

    public CmkTargets(AzureConnection azure) {
        this(azure, identity -> { });
    }

    /** @param refusedIdentity told of the identity a refused bind went through (its principal is in doubt) */
    CmkTargets(AzureConnection azure, Consumer<ArmId> refusedIdentity) {
        this.storage = new StorageAccountTarget(azure);
        this.diskEncryptionSets = new DiskEncryptionSetTarget(azure);
        this.databricks = new DatabricksWorkspaceTarget(azure);
        this.refusedIdentity = refusedIdentity;
    }

    @Override
    public Optional<TargetState> read(ArmId target) {
        return resource(target).read(target);
    }

    @Override
    public Stream<TargetState> list(ArmId scope, TargetKind kind) {
        if (scope.isResource()) {
            throw new IllegalArgumentException("resources are listed in a subscription or resource group, not " + scope);
        }
        return switch (kind) {
            case STORAGE_ACCOUNT -> storage.list(scope);
            case DISK_ENCRYPTION_SET -> diskEncryptionSets.list(scope);
            case DATABRICKS_WORKSPACE -> databricks.list(scope);
        };
    }

    @Override
    public void attachIdentity(ArmId target, ArmId identity) {
        resource(target).attachIdentity(target, identity);
    }

    /** The binding's kind must be its target's: a storage encryption on a disk encryption set is a bug, not a write. */
    @Override
    public TargetWrite bind(TargetBinding binding) {
        try {
            return bindAs(binding);
        } catch (AzureCallException e) {
            if (e.httpStatus() >= 400 && e.httpStatus() < 500 && e.httpStatus() != 429) {
                identityOf(binding).ifPresent(refusedIdentity);
            }
            throw e;
        }
    }

    private static Optional<ArmId> identityOf(TargetBinding binding) {
        if (binding instanceof TargetBinding.StorageEncryption storage) {
            return Optional.of(storage.identity());
        }
        return binding instanceof TargetBinding.DiskEncryptionSetKey des ? Optional.of(des.identity()) : Optional.empty();
    }

    private TargetWrite bindAs(TargetBinding binding) {
        TargetResource<?> resource = resource(binding.target());
        if (binding instanceof TargetBinding.StorageEncryption encryption && resource == storage) {
            return storage.bind(encryption);
        } else if (binding instanceof TargetBinding.DiskEncryptionSetKey key && resource == diskEncryptionSets) {
            return diskEncryptionSets.bind(key);
        } else if (binding instanceof TargetBinding.DatabricksEncryption encryption && resource == databricks) {
            return databricks.bind(encryption);
        }
        throw new IllegalArgumentException(binding.getClass().getSimpleName() + " does not apply to " + binding.target());
    }

    @Override
    public Optional<TargetWrite> poll(TargetOperation operation) {
        return resource(operation.target()).poll(operation);
    }

    private TargetResource<?> resource(ArmId target) {
        TargetKind kind = TargetKind.of(target).orElseThrow(() -> new IllegalArgumentException(
                target + " is not a storage account, disk encryption set or Databricks workspace"));
        return switch (kind) {
            case STORAGE_ACCOUNT -> storage;
            case DISK_ENCRYPTION_SET -> diskEncryptionSets;
            case DATABRICKS_WORKSPACE -> databricks;
        };
    }
}
