package com.cmkorchestrator.emulator.arm;

import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * One emulated resource type behind ARM. The router has already checked the api-version, the
 * subscription, the resource group and the body's JSON; a provider validates the rest, and calls
 * run while holding the {@link ArmState} monitor, so a provider validates everything before it
 * writes anything.
 */
public interface ResourceProvider {

    /** e.g. {@code Microsoft.Storage/storageAccounts}, in ARM's casing. */
    String fullType();

    List<String> apiVersions();

    /** Throws the provider's error for a name it does not accept. */
    void validateName(String name);

    EmuResponse put(ArmCall call, ResourceId id, ObjectNode body);

    EmuResponse patch(ArmCall call, ResourceId id, ObjectNode body);

    EmuResponse delete(ArmCall call, ResourceId id);

    /** The resource as GET returns it, from its stored document (read-only fields computed now). */
    ObjectNode view(ObjectNode stored);

    /**
     * Called for each of its resources when their resource group is deleted, before the resource
     * leaves the state (no event: the group's delete raises one).
     */
    default void removedWithGroup(ResourceId id) {
    }

    /**
     * Subscription-level routes of the provider's namespace other than listing its type, e.g.
     * {@code locations/<loc>/deletedManagedHSMs/<name>/purge}.
     *
     * @param rest the path segments after {@code /subscriptions/<sub>/providers/<namespace>/}
     * @return empty when the route is not the provider's
     */
    default java.util.Optional<EmuResponse> subscriptionRoute(ArmCall call, String subscriptionId, List<String> rest) {
        return java.util.Optional.empty();
    }

    /** {@code Namespace/type/write} style operation names for events. */
    default String operation(String verb) { return fullType() + "/" + verb; }
}
