package com.cmkorchestrator.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.regex.Pattern;

/**
 * The user-assigned identity through which a resource reaches its key: either one that exists
 * ({@code {"existing": "<ARM ID>"}}) or one the orchestrator creates ({@code {"create": {...}}}). Exactly one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IdentitySpec(ArmId existing, NewIdentity create) {

    static final String IDENTITY_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";

    public IdentitySpec {
        Faults faults = new Faults();
        faults.check((existing == null) != (create == null), "",
                "give exactly one of 'existing' (an identity's ARM ID) or 'create'");
        faults.check(existing == null || existing.fullResourceType().map(IDENTITY_TYPE::equalsIgnoreCase).orElse(false),
                "existing", "must be the ARM ID of a " + IDENTITY_TYPE + " resource");
        faults.throwIfAny();
    }

    public static IdentitySpec existing(ArmId id) {
        return new IdentitySpec(id, null);
    }

    public static IdentitySpec create(String resourceGroup, String name) {
        return new IdentitySpec(null, new NewIdentity(null, resourceGroup, name, null));
    }

    /**
     * The identity's ARM ID; a new identity lives in {@code defaultSubscription} unless it names its own.
     */
    public ArmId resolve(String defaultSubscription) {
        if (existing != null) {
            return existing;
        }
        String subscription = create.subscriptionId() != null ? create.subscriptionId() : defaultSubscription;
        return ArmId.resource(subscription, create.resourceGroup(), IDENTITY_TYPE, create.name());
    }

    /**
     * An identity to create.
     *
     * @param subscriptionId optional; the target's subscription when omitted
     * @param resourceGroup  resource group to create it in
     * @param name           3-128 characters: letters, digits, '-' and '_', starting with a letter or digit
     * @param location       optional Azure region; the target's region when omitted
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewIdentity(String subscriptionId, String resourceGroup, String name, String location) {

        private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$");
        private static final Pattern GROUP = Pattern.compile("^[-\\w.()]{1,90}$");

        public NewIdentity {
            Faults faults = new Faults();
            if (faults.required(resourceGroup, "resourceGroup")) {
                faults.check(GROUP.matcher(resourceGroup).matches() && !resourceGroup.endsWith("."), "resourceGroup",
                        "is not a valid resource group name");
            }
            if (faults.required(name, "name")) {
                faults.check(NAME.matcher(name).matches(), "name",
                        "must be 3-128 letters, digits, '-' or '_', starting with a letter or digit");
            }
            faults.check(subscriptionId == null || Guid.is(subscriptionId), "subscriptionId",
                    "must be a GUID");
            Locations.check(faults, location, "location");
            faults.throwIfAny();
        }
    }
}
