package com.cmkorchestrator.adapters;

import com.azure.security.keyvault.keys.models.KeyRotationLifetimeAction;
import com.azure.security.keyvault.keys.models.KeyRotationPolicyAction;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The core's {@link KeyRotationPolicy} to and from the keys library's policy, whose triggers and expiry are
 * ISO-8601 duration strings ({@code P90D}, {@code P1Y}).
 */
final class RotationPolicyMapping {
    private RotationPolicyMapping() {
    }

    static com.azure.security.keyvault.keys.models.KeyRotationPolicy toSdk(KeyRotationPolicy policy) {
        List<KeyRotationLifetimeAction> actions = new ArrayList<>();
        if (policy.rotateAfterCreate() != null) {
            actions.add(new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE)
                    .setTimeAfterCreate(policy.rotateAfterCreate().toString()));
        }
        if (policy.rotateBeforeExpiry() != null) {
            actions.add(new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE)
                    .setTimeBeforeExpiry(policy.rotateBeforeExpiry().toString()));
        }
        if (policy.notifyBeforeExpiry() != null) {
            actions.add(new KeyRotationLifetimeAction(KeyRotationPolicyAction.NOTIFY)
                    .setTimeBeforeExpiry(policy.notifyBeforeExpiry().toString()));
        }
        com.azure.security.keyvault.keys.models.KeyRotationPolicy sdk =
                new com.azure.security.keyvault.keys.models.KeyRotationPolicy().setLifetimeActions(actions);
        return policy.expiryTime() == null ? sdk : sdk.setExpiresIn(policy.expiryTime().toString());
    }

    /** Empty when the HSM holds no policy for the key: no actions and no expiry. */
    static Optional<KeyRotationPolicy> fromSdk(com.azure.security.keyvault.keys.models.KeyRotationPolicy sdk) {
        if (sdk == null) {
            return Optional.empty();
        }
        Period rotateAfterCreate = null;
        Period rotateBeforeExpiry = null;
        Period notifyBeforeExpiry = null;
        List<KeyRotationLifetimeAction> actions = sdk.getLifetimeActions() == null ? List.of() : sdk.getLifetimeActions();
        for (KeyRotationLifetimeAction action : actions) {
            boolean rotate = KeyRotationPolicyAction.ROTATE.toString().equalsIgnoreCase(String.valueOf(action.getAction()));
            if (rotate && action.getTimeAfterCreate() != null) {
                rotateAfterCreate = period(action.getTimeAfterCreate());
            } else if (rotate && action.getTimeBeforeExpiry() != null) {
                rotateBeforeExpiry = period(action.getTimeBeforeExpiry());
            } else if (!rotate && action.getTimeBeforeExpiry() != null) {
                notifyBeforeExpiry = period(action.getTimeBeforeExpiry());
            }
        }
        Period expiry = sdk.getExpiresIn() == null || sdk.getExpiresIn().isBlank() ? null : period(sdk.getExpiresIn());
        if (rotateAfterCreate == null && rotateBeforeExpiry == null && notifyBeforeExpiry == null && expiry == null) {
            return Optional.empty();
        }
        return Optional.of(new KeyRotationPolicy(rotateAfterCreate, rotateBeforeExpiry, notifyBeforeExpiry, expiry));
    }

    /**
     * Key Vault writes date-based durations ({@code P90D}, {@code P1Y2M}); a time-based one ({@code PT720H}) is
     * accepted when it is a whole number of days.
     */
    static Period period(String iso) {
        try {
            return Period.parse(iso);
        } catch (DateTimeParseException notDateBased) {
            try {
                Duration duration = Duration.parse(iso);
                if (duration.toDays() * 86_400 == duration.getSeconds() && duration.getNano() == 0) {
                    return Period.ofDays(Math.toIntExact(duration.toDays()));
                }
            } catch (DateTimeParseException notADuration) {
                // reported below
            }
            throw new IllegalStateException("the HSM's rotation policy holds '" + iso
                    + "', which is not an ISO-8601 period of whole days");
        }
    }
}
