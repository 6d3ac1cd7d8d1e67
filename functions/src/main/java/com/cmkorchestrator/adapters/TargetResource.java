package com.cmkorchestrator.adapters;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.ports.TargetBinding;
import com.cmkorchestrator.core.ports.TargetOperation;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.ports.TargetWrite;
import com.cmkorchestrator.retry.Retries;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** One kind of resource a key binds to, behind {@link CmkTargets}; with what the kinds share about ARM documents. */
interface TargetResource<B extends TargetBinding> {

    Optional<TargetState> read(ArmId target);

    /** Every resource of this kind in a subscription or resource group, a page at a time. */
    Stream<TargetState> list(ArmId scope);

    void attachIdentity(ArmId target, ArmId identity);

    /** Begins the write and returns what began, never waiting for an operation ({@code TargetPort.bind}). */
    TargetWrite bind(B binding);

    /** One look at an operation {@link #bind} began ({@code TargetPort.poll}). */
    Optional<TargetWrite> poll(TargetOperation operation);

    /**
     * One look at an operation {@link #bind} began. Through the resource it writes when {@link ArmOperations#begun}
     * chose so: a resource still busy runs on; one that ended as written is the write's end, in one read. Otherwise
     * (or when the resource ended some other way) through the operation, which says what happened to the write; its
     * success is the resource as the operation's final answer carries it, else as read.
     *
     * @param read     the resource as the write's end reports it, or empty when it is gone
     * @param fromBody the same, from the body of a {@code Location} poll's final answer
     */
    static Optional<TargetWrite> poll(TargetOperation operation, ArmOperations operations,
                                      Supplier<Optional<TargetWrite.Done>> read,
                                      Function<String, TargetWrite.Done> fromBody) {
        if (ArmOperations.throughResource(operation)) {
            Optional<TargetWrite.Done> resource = read.get();
            if (resource.isEmpty()) {
                return Optional.empty(); // gone: the pass reads it, and sees
            }
            if (resource.get().state().isBusy()) {
                return Optional.of(new TargetWrite.Running(operation.lookAgainAfter(Retries.OPERATION_POLL)));
            }
            if (ArmOperations.endedAsWritten(operation, resource.get().state())) {
                return Optional.of(resource.get());
            }
        }
        Optional<ArmOperations.Look> look = operations.look(operation);
        if (look.isEmpty()) {
            return Optional.empty();
        }
        if (look.get() instanceof ArmOperations.Running running) {
            return Optional.of(new TargetWrite.Running(operation.lookAgainAfter(running.retryAfter())));
        }
        if (look.get() instanceof ArmOperations.Failed failed) {
            return Optional.of(new TargetWrite.Failed(failed.error()));
        }
        String body = ((ArmOperations.Succeeded) look.get()).body();
        return body != null ? Optional.of(fromBody.apply(body)) : read.get().map(TargetWrite.class::cast);
    }

    static String group(ArmId id) {
        return id.resourceGroup().orElseThrow(() -> new IllegalArgumentException(id + " names no resource group"));
    }

    /**
     * The user-assigned identity IDs to write so that {@code identity} is among them, keeping those present
     * (ARM replaces the identity block on write); empty when it is already attached.
     */
    static Optional<List<String>> identitiesWith(Map<String, ?> present, ArmId identity) {
        List<String> ids = present == null ? new ArrayList<>() : new ArrayList<>(present.keySet());
        if (ids.stream().anyMatch(id -> ArmId.parse(id).equals(identity))) {
            return Optional.empty();
        }
        ids.add(identity.toString());
        return Optional.of(ids);
    }

    /** The IDs of a resource's user-assigned identities. */
    static Set<ArmId> armIds(Map<String, ?> userAssignedIdentities) {
        return userAssignedIdentities == null ? Set.of()
                : userAssignedIdentities.keySet().stream().map(ArmId::parse).collect(Collectors.toUnmodifiableSet());
    }

    /** True for {@code SystemAssigned} and {@code SystemAssigned, UserAssigned}, however spaced. */
    static boolean includesSystemAssigned(Object identityType) {
        return identityType != null
                && identityType.toString().replace(" ", "").toLowerCase(Locale.ROOT).contains("systemassigned");
    }

    /** A key reference as a resource writes it (vault URI, name, version; an empty version is versionless), or null. */
    static KeyRef keyRef(String vaultUri, String name, String version) {
        if (vaultUri == null || vaultUri.isBlank() || name == null || name.isBlank()) {
            return null;
        }
        return new KeyRef(URI.create(vaultUri), name, version == null || version.isBlank() ? null : version);
    }
}
