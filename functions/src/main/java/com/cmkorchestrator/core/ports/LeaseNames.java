package com.cmkorchestrator.core.ports;

import com.cmkorchestrator.core.model.ArmId;

import java.util.Locale;

/** The names of the leases the app takes (docs/concurrency.md section 2): one place, so two steps never disagree. */
public final class LeaseNames {

    private LeaseNames() {
    }

    /** Creating key {@code key} in the HSM named {@code hsm}. */
    public static String keyCreation(String hsm, String key) {
        return lower("key/" + hsm + "/" + key);
    }

    /** The shared cursor that keeps key creations in the HSM named {@code hsm} under Managed HSM's 1 per second. */
    public static String keyCreationPace(String hsm) {
        return lower("pace/key-create/" + hsm);
    }

    /** The shared cursor that keeps RBAC writes (role assignments) on the HSM named {@code hsm} under its 5 per second. */
    public static String rbacWrites(String hsm) {
        return lower("pace/rbac-write/" + hsm);
    }

    /** Creating a role assignment for {@code principal} at {@code scope} (e.g. {@code /keys/orders-cmk}) of {@code hsm}. */
    public static String roleAssignment(String hsm, String scope, String principal) {
        return lower("grant/" + hsm + scope + "/" + principal);
    }

    /** Creating the user-assigned identity {@code identity} (a key's shared one, or a binding's own). */
    public static String identityCreation(ArmId identity) {
        return lower("identity/" + identity.subscriptionId() + "/" + identity.resourceGroup().orElse("") + "/"
                + identity.resourceName());
    }


    /** The security-domain download (begin, poll, store) of {@code hsm}. */
    public static String securityDomain(String hsm) {
        return lower("security-domain/" + hsm);
    }

    /** Creating the Managed HSM {@code hsm} through ARM. */
    public static String hsmCreation(ArmId hsm) {
        return lower("hsm/" + hsm.subscriptionId() + "/" + hsm.resourceGroup().orElse("") + "/" + hsm.resourceName());
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
