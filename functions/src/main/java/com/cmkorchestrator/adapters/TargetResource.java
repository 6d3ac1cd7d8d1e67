package com.cmkorchestrator.adapters;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.ports.TargetBinding;
import com.cmkorchestrator.core.ports.TargetState;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** One kind of resource a key binds to, behind {@link CmkTargets}; with what the kinds share about ARM documents. */
interface TargetResource<B extends TargetBinding> {

    Optional<TargetState> read(ArmId target);

    /** Every resource of this kind in a subscription or resource group, a page at a time. */
    Stream<TargetState> list(ArmId scope);

    void attachIdentity(ArmId target, ArmId identity);

    void bind(B binding);

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
