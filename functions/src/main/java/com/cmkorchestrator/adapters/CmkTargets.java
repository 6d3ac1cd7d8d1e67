package com.cmkorchestrator.adapters;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.core.ports.TargetBinding;
import com.cmkorchestrator.core.ports.TargetPort;
import com.cmkorchestrator.core.ports.TargetState;

import java.util.Optional;
import java.util.stream.Stream;

/** {@link TargetPort}: dispatches on the target's ARM type to the Storage, DES and Databricks adapters. */
public final class CmkTargets implements TargetPort {
    private final StorageAccountTarget storage;
    private final DiskEncryptionSetTarget diskEncryptionSets;
    private final DatabricksWorkspaceTarget databricks;

    public CmkTargets(AzureConnection azure) {
        this.storage = new StorageAccountTarget(azure);
        this.diskEncryptionSets = new DiskEncryptionSetTarget(azure);
        this.databricks = new DatabricksWorkspaceTarget(azure);
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
    public void bind(TargetBinding binding) {
        TargetResource<?> resource = resource(binding.target());
        if (binding instanceof TargetBinding.StorageEncryption encryption && resource == storage) {
            storage.bind(encryption);
        } else if (binding instanceof TargetBinding.DiskEncryptionSetKey key && resource == diskEncryptionSets) {
            diskEncryptionSets.bind(key);
        } else if (binding instanceof TargetBinding.DatabricksEncryption encryption && resource == databricks) {
            databricks.bind(encryption);
        } else {
            throw new IllegalArgumentException(binding.getClass().getSimpleName() + " does not apply to " + binding.target());
        }
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
