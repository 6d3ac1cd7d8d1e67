package com.cmkorchestrator.adapters;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.DiskEncryptionSetsClient;
import com.azure.resourcemanager.compute.fluent.models.DiskEncryptionSetInner;
import com.azure.resourcemanager.compute.models.DiskEncryptionSetIdentityType;
import com.azure.resourcemanager.compute.models.DiskEncryptionSetUpdate;
import com.azure.resourcemanager.compute.models.EncryptionSetIdentity;
import com.azure.resourcemanager.compute.models.KeyForDiskEncryptionSet;
import com.azure.resourcemanager.compute.models.VirtualMachineIdentityUserAssignedIdentities;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.ports.AzureErrorDetail;
import com.cmkorchestrator.core.ports.TargetBinding.DiskEncryptionSetKey;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.ports.TargetState.DiskEncryptionSetState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Disk encryption sets through {@code azure-resourcemanager-compute}'s inner {@link DiskEncryptionSetsClient}
 * (the fluent API has no user-assigned identities): {@code DiskEncryptionSets_Get}, and {@code DiskEncryptionSets_Update},
 * a PATCH whose long-running operation {@code update} waits for, so a refusal surfaces here.
 */
final class DiskEncryptionSetTarget implements TargetResource<DiskEncryptionSetKey> {
    private final AzureConnection azure;

    DiskEncryptionSetTarget(AzureConnection azure) {
        this.azure = azure;
    }

    @Override
    public Optional<TargetState> read(ArmId target) {
        return AzureCalls.find("GET " + target, () -> inner(target)).map(set -> state(target, set));
    }

    @Override
    public void attachIdentity(ArmId target, ArmId identity) {
        DiskEncryptionSetInner set = AzureCalls.call("GET " + target, () -> inner(target));
        withIdentity(set.identity(), identity).ifPresent(wanted -> AzureCalls.run("PATCH " + target + " identity",
                () -> client(target).update(TargetResource.group(target), target.resourceName(),
                        new DiskEncryptionSetUpdate().withIdentity(wanted))));
    }

    /** Writes the versioned key URL and the rotation flag; attaches the identity in the same PATCH if it is missing. */
    @Override
    public void bind(DiskEncryptionSetKey binding) {
        ArmId target = binding.target();
        DiskEncryptionSetInner set = AzureCalls.call("GET " + target, () -> inner(target));
        DiskEncryptionSetUpdate update = new DiskEncryptionSetUpdate()
                .withActiveKey(new KeyForDiskEncryptionSet().withKeyUrl(binding.key().url()))
                .withRotationToLatestKeyVersionEnabled(binding.rotationToLatestKeyVersionEnabled());
        withIdentity(set.identity(), binding.identity()).ifPresent(update::withIdentity);
        AzureCalls.run("PATCH " + target + " activeKey",
                () -> client(target).update(TargetResource.group(target), target.resourceName(), update));
    }

    /** The identity block with {@code identity} added to those present; empty when it is there already. */
    private static Optional<EncryptionSetIdentity> withIdentity(EncryptionSetIdentity current, ArmId identity) {
        Optional<List<String>> ids = TargetResource.identitiesWith(current == null ? null : current.userAssignedIdentities(), identity);
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        Map<String, VirtualMachineIdentityUserAssignedIdentities> users = new LinkedHashMap<>();
        ids.get().forEach(id -> users.put(id, new VirtualMachineIdentityUserAssignedIdentities()));
        boolean system = current != null && TargetResource.includesSystemAssigned(current.type());
        return Optional.of(new EncryptionSetIdentity()
                .withType(system ? DiskEncryptionSetIdentityType.SYSTEM_ASSIGNED_USER_ASSIGNED
                        : DiskEncryptionSetIdentityType.USER_ASSIGNED)
                .withUserAssignedIdentities(users));
    }

    @Override
    public Stream<TargetState> list(ArmId scope) {
        DiskEncryptionSetsClient client = azure.compute(scope.subscriptionId()).serviceClient().getDiskEncryptionSets();
        return AzureCalls.stream("list disk encryption sets in " + scope, () -> scope.resourceGroup()
                        .map(client::listByResourceGroup).orElseGet(client::list).iterator())
                .map(set -> state(ArmId.parse(set.id()), set));
    }

    private DiskEncryptionSetInner inner(ArmId target) {
        return client(target).getByResourceGroupWithResponse(TargetResource.group(target), target.resourceName(),
                Context.NONE).getValue();
    }

    private DiskEncryptionSetsClient client(ArmId target) {
        return azure.compute(target.subscriptionId()).serviceClient().getDiskEncryptionSets();
    }

    private static DiskEncryptionSetState state(ArmId target, DiskEncryptionSetInner set) {
        Set<ArmId> users = TargetResource.armIds(set.identity() == null ? null : set.identity().userAssignedIdentities());
        String keyUrl = set.activeKey() == null ? null : set.activeKey().keyUrl();
        KeyRef activeKey = keyUrl == null || keyUrl.isBlank() ? null : KeyRef.parse(keyUrl);
        AzureErrorDetail rotationError = set.autoKeyRotationError() == null ? null
                : new AzureErrorDetail(set.autoKeyRotationError().getCode(), set.autoKeyRotationError().getMessage());
        return new DiskEncryptionSetState(target, set.location(), set.provisioningState(), users, activeKey,
                Boolean.TRUE.equals(set.rotationToLatestKeyVersionEnabled()), rotationError,
                set.lastKeyRotationTimestamp() == null ? null : set.lastKeyRotationTimestamp().toInstant());
    }
}
