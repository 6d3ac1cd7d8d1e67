package com.cmkorchestrator.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The user-assigned identity through which a resource reaches its key: either one that exists
 * ({@code {"existing": "<ARM ID>"}}) or one the orchestrator creates ({@code {"create": {...}}}). Exactly one.
 *
 * <p>A {@code create} without a {@code name} is the key's shared identity: one identity per key (and resource group),
 * named after the HSM and the key, attached to every resource bound to that key, so that the key carries one role
 * assignment however many resources use it. Managed HSM allows 10 assignments per key scope (azure-facts 8); an
 * identity per binding reaches that at the eleventh resource, which is why it is only made when a binding names one.
 *
 * @param grantScope where the identity is granted the key role: {@code key} (default) or {@code allKeys}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IdentitySpec(ArmId existing, NewIdentity create, GrantScope grantScope) {

    static final String IDENTITY_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";
    /** The longest identity name Azure accepts. */
    private static final int MAX_NAME = 128;

    public IdentitySpec {
        Faults faults = new Faults();
        faults.check((existing == null) != (create == null), "",
                "give exactly one of 'existing' (an identity's ARM ID) or 'create'");
        faults.check(existing == null || existing.fullResourceType().map(IDENTITY_TYPE::equalsIgnoreCase).orElse(false),
                "existing", "must be the ARM ID of a " + IDENTITY_TYPE + " resource");
        faults.throwIfAny();
        grantScope = grantScope == null ? GrantScope.KEY : grantScope;
    }

    public IdentitySpec(ArmId existing, NewIdentity create) {
        this(existing, create, null);
    }

    public static IdentitySpec existing(ArmId id) {
        return new IdentitySpec(id, null);
    }

    /** An identity of this binding's own, called {@code name}. */
    public static IdentitySpec create(String resourceGroup, String name) {
        return new IdentitySpec(null, new NewIdentity(null, resourceGroup, name, null));
    }

    /** The key's shared identity, created in {@code resourceGroup} by the first binding that needs it. */
    public static IdentitySpec sharedPerKey(String resourceGroup) {
        return new IdentitySpec(null, new NewIdentity(null, resourceGroup, null, null));
    }

    public IdentitySpec withGrantScope(GrantScope scope) {
        return new IdentitySpec(existing, create, scope);
    }

    /** True for the key's shared identity: one the app creates, named by the key rather than by the binding. */
    @JsonIgnore
    public boolean isSharedPerKey() {
        return create != null && create.name() == null;
    }

    /**
     * The identity's ARM ID; a new identity lives in {@code defaultSubscription} unless it names its own, and the
     * shared one is named after {@code hsm} and {@code key}.
     */
    public ArmId resolve(String defaultSubscription, String hsm, String key) {
        if (existing != null) {
            return existing;
        }
        String subscription = create.subscriptionId() != null ? create.subscriptionId() : defaultSubscription;
        String name = create.name() != null ? create.name() : sharedName(hsm, key);
        return ArmId.resource(subscription, create.resourceGroup(), IDENTITY_TYPE, name);
    }

    /**
     * {@code cmk-<hsm>-<key>} in lower case (Azure's names ignore case); when that is longer than Azure allows, cut
     * and made unique again by the first 8 hex digits of its SHA-256.
     */
    static String sharedName(String hsm, String key) {
        String full = ("cmk-" + hsm + "-" + key).toLowerCase(Locale.ROOT);
        if (full.length() <= MAX_NAME) {
            return full;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(full.getBytes(StandardCharsets.UTF_8));
            return full.substring(0, MAX_NAME - 9) + "-" + HexFormat.of().formatHex(digest).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * An identity to create.
     *
     * @param subscriptionId optional; the target's subscription when omitted
     * @param resourceGroup  resource group to create it in
     * @param name           optional: this binding's own identity, 3-128 characters: letters, digits, '-' and '_',
     *                       starting with a letter or digit; omitted: the key's shared identity
     * @param location       optional Azure region; the target's region when omitted (a user-assigned identity serves
     *                       resources in any region of its tenant)
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
            faults.check(name == null || NAME.matcher(name).matches(), "name",
                    "must be 3-128 letters, digits, '-' or '_', starting with a letter or digit (omit it to share one "
                            + "identity per key)");
            faults.check(subscriptionId == null || Guid.is(subscriptionId), "subscriptionId",
                    "must be a GUID");
            Locations.check(faults, location, "location");
            faults.throwIfAny();
        }
    }
}
