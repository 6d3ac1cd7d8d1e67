package com.cmkorchestrator.adapters;

import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.core.util.FluxUtil;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.resourcemanager.compute.fluent.DiskEncryptionSetsClient;
import com.azure.resourcemanager.compute.fluent.models.DiskEncryptionSetInner;
import com.azure.resourcemanager.compute.models.DiskEncryptionSetIdentityType;
import com.azure.resourcemanager.compute.models.DiskEncryptionSetUpdate;
import com.azure.resourcemanager.compute.models.EncryptionSetIdentity;
import com.azure.resourcemanager.compute.models.KeyForDiskEncryptionSet;
import com.azure.resourcemanager.compute.models.VirtualMachineIdentityUserAssignedIdentities;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.ports.AzureErrorDetail;
import com.cmkorchestrator.core.ports.TargetBinding.DiskEncryptionSetKey;
import com.cmkorchestrator.core.ports.TargetOperation;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.ports.TargetWrite;
import com.cmkorchestrator.core.ports.TargetState.DiskEncryptionSetState;

import reactor.core.publisher.Flux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Disk encryption sets through {@code azure-resourcemanager-compute}'s inner {@link DiskEncryptionSetsClient}
 * (the fluent API has no user-assigned identities): {@code DiskEncryptionSets_Get}, and {@code DiskEncryptionSets_Update},
 * a PATCH that Compute runs as a long-running operation (202, {@code Azure-AsyncOperation}). Only its first request
 * is sent ({@code updateWithResponseAsync}: the SDK's {@code update} would poll on this thread until it ends); a
 * refusal Compute makes at once throws here, the operation is looked at by {@link #poll}, once per pass.
 */
final class DiskEncryptionSetTarget implements TargetResource<DiskEncryptionSetKey> {
    private final AzureConnection azure;
    private final ArmOperations operations;

    DiskEncryptionSetTarget(AzureConnection azure) {
        this.azure = azure;
        this.operations = new ArmOperations(azure);
    }

    @Override
    public Optional<TargetState> read(ArmId target) {
        return AzureCalls.find("GET " + target, () -> inner(target)).map(set -> state(target, set));
    }

    /** Begins the identity PATCH and does not wait for it: the next read sees the set busy, then carrying it. */
    @Override
    public void attachIdentity(ArmId target, ArmId identity) {
        DiskEncryptionSetInner set = AzureCalls.call("GET " + target, () -> inner(target));
        withIdentity(set.identity(), identity).ifPresent(wanted -> begin("PATCH " + target + " identity", target,
                new DiskEncryptionSetUpdate().withIdentity(wanted), Map.of()));
    }

    /**
     * Writes the versioned key URL and the rotation flag, and, when the binding says so, attaches the identity in the
     * same PATCH (reading the set's identities first, to keep them). No read otherwise: a key-only PATCH.
     */
    @Override
    public TargetWrite bind(DiskEncryptionSetKey binding) {
        ArmId target = binding.target();
        DiskEncryptionSetUpdate update = new DiskEncryptionSetUpdate()
                .withActiveKey(new KeyForDiskEncryptionSet().withKeyUrl(binding.key().url()))
                .withRotationToLatestKeyVersionEnabled(binding.rotationToLatestKeyVersionEnabled());
        if (binding.attachIdentity()) {
            DiskEncryptionSetInner set = AzureCalls.call("GET " + target, () -> inner(target));
            withIdentity(set.identity(), binding.identity()).ifPresent(update::withIdentity);
        }
        return begin("PATCH " + target + " activeKey", target, update,
                Map.of(KeySlot.DES_ACTIVE_KEY, binding.key()));
    }

    @Override
    public Optional<TargetWrite> poll(TargetOperation operation) {
        ArmId target = operation.target();
        return TargetResource.poll(operation, operations, () -> read(target).map(TargetWrite.Done::new),
                body -> new TargetWrite.Done(state(target, parse("GET " + operation.url(), body))));
    }

    /** Sends the PATCH's first request only, and says what began; {@code written}: the key reference it puts. */
    private TargetWrite begin(String what, ArmId target, DiskEncryptionSetUpdate update,
                              Map<KeySlot, KeyRef> written) {
        return AzureCalls.call(what, () -> {
            Response<Flux<ByteBuffer>> answer = client(target)
                    .updateWithResponseAsync(TargetResource.group(target), target.resourceName(), update).block();
            byte[] body = FluxUtil.collectBytesInByteBufferStream(answer.getValue()).block();
            return operations.begun(target, answer.getStatusCode(), answer.getHeaders(), null, written)
                    .<TargetWrite>map(TargetWrite.Running::new)
                    .orElseGet(() -> new TargetWrite.Done(state(target,
                            parse(what, body == null ? "" : new String(body, StandardCharsets.UTF_8)))));
        });
    }

    private static DiskEncryptionSetInner parse(String what, String body) {
        try (JsonReader reader = JsonProviders.createReader(body)) {
            return DiskEncryptionSetInner.fromJson(reader);
        } catch (IOException e) {
            throw new AzureCallException(what, 200, null, "the answer is not a disk encryption set");
        }
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
