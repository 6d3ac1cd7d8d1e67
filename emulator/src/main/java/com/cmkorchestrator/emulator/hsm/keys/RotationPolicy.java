package com.cmkorchestrator.emulator.hsm.keys;

import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A key's rotation policy, validated with Managed HSM's rules (managed-hsm/key-rotation.md):
 * {@code expiryTime} at least 28 days; an automatic rotation at most every 28 days, so a
 * {@code timeAfterCreate} rotate trigger is at least {@code P28D} and a {@code timeBeforeExpiry} one
 * leaves at least 28 days of {@code expiryTime}; a {@code timeBeforeExpiry} trigger needs
 * {@code expiryTime}; one action per type; each trigger names exactly one of the two times.
 * {@code Notify} actions are stored but do nothing: Managed HSM sends no Event Grid notifications.
 *
 * @param expiryTime how long rotated versions live, or null
 */
public record RotationPolicy(List<LifetimeAction> lifetimeActions, IsoPeriod expiryTime, Instant created,
                             Instant updated) {
    static final Duration MINIMUM = Duration.ofDays(28);

    public enum ActionType {
        ROTATE("Rotate"), NOTIFY("Notify");

        private final String wireName;

        ActionType(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() { return wireName; }
    }

    /** One lifetime action: exactly one of the two triggers is set. */
    public record LifetimeAction(ActionType type, IsoPeriod timeAfterCreate, IsoPeriod timeBeforeExpiry) {
    }

    public RotationPolicy {
        lifetimeActions = List.copyOf(lifetimeActions);
    }

    public Optional<LifetimeAction> rotateAction() {
        return lifetimeActions.stream().filter(a -> a.type() == ActionType.ROTATE).findFirst();
    }

    /** When the automatic rotation of a version with these times falls due, if the policy has one. */
    public Optional<Instant> rotationDue(KeyAttributes latest) {
        return rotateAction().flatMap(action -> {
            if (action.timeAfterCreate() != null) {
                return Optional.of(action.timeAfterCreate().addTo(latest.created()));
            }
            return Optional.ofNullable(latest.expires()).map(exp -> action.timeBeforeExpiry().subtractFrom(exp));
        });
    }

    /** A changed policy keeps its creation time. */
    public RotationPolicy replacing(RotationPolicy previous) {
        return previous == null ? this : new RotationPolicy(lifetimeActions, expiryTime, previous.created, updated);
    }

    /**
     * Parses and validates a PUT body. Nothing is stored when this throws.
     *
     * @throws KeyVaultError 400 {@code BadParameter} naming the offending field
     */
    public static RotationPolicy parse(JsonNode body, Instant now) {
        IsoPeriod expiryTime = null;
        JsonNode attributes = body.get("attributes");
        if (attributes != null && !attributes.isNull()) {
            if (!attributes.isObject()) {
                throw KeyVaultError.badParameter("attributes must be an object.");
            }
            JsonNode expiry = attributes.get("expiryTime");
            if (expiry != null && !expiry.isNull()) {
                expiryTime = period(expiry, "attributes.expiryTime");
                if (expiryTime.nominal().compareTo(MINIMUM) < 0) {
                    throw KeyVaultError.badParameter("attributes.expiryTime " + expiryTime
                            + " is too short: the minimum is 28 days (P28D).");
                }
            }
        }
        List<LifetimeAction> actions = new ArrayList<>();
        JsonNode list = body.get("lifetimeActions");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw KeyVaultError.badParameter("lifetimeActions must be an array.");
            }
            for (int i = 0; i < list.size(); i++) {
                LifetimeAction action = action(list.get(i), "lifetimeActions[" + i + "]", expiryTime);
                if (actions.stream().anyMatch(a -> a.type() == action.type())) {
                    throw KeyVaultError.badParameter("lifetimeActions[" + i + "]: only one "
                            + action.type().wireName() + " action is allowed.");
                }
                actions.add(action);
            }
        }
        return new RotationPolicy(actions, expiryTime, now, now);
    }

    private static LifetimeAction action(JsonNode node, String where, IsoPeriod expiryTime) {
        ActionType type = actionType(node.path("action").path("type"), where);
        JsonNode trigger = node.path("trigger");
        JsonNode afterCreate = trigger.get("timeAfterCreate");
        JsonNode beforeExpiry = trigger.get("timeBeforeExpiry");
        boolean hasAfter = afterCreate != null && !afterCreate.isNull() && !afterCreate.asText().isEmpty();
        boolean hasBefore = beforeExpiry != null && !beforeExpiry.isNull() && !beforeExpiry.asText().isEmpty();
        if (hasAfter == hasBefore) {
            throw KeyVaultError.badParameter(where + ".trigger must set exactly one of timeAfterCreate and"
                    + " timeBeforeExpiry.");
        }
        if (hasAfter) {
            IsoPeriod after = period(afterCreate, where + ".trigger.timeAfterCreate");
            if (type == ActionType.ROTATE && after.nominal().compareTo(MINIMUM) < 0) {
                throw KeyVaultError.badParameter(where + ".trigger.timeAfterCreate " + after
                        + " is too short: automatic rotation can happen at most every 28 days (minimum P28D).");
            }
            return new LifetimeAction(type, after, null);
        }
        IsoPeriod before = period(beforeExpiry, where + ".trigger.timeBeforeExpiry");
        if (expiryTime == null) {
            throw KeyVaultError.badParameter(where + ".trigger.timeBeforeExpiry needs attributes.expiryTime:"
                    + " rotated key versions must get an expiration date for the trigger to fire.");
        }
        if (before.nominal().compareTo(expiryTime.nominal()) >= 0) {
            throw KeyVaultError.badParameter(where + ".trigger.timeBeforeExpiry " + before
                    + " must be shorter than attributes.expiryTime " + expiryTime + ".");
        }
        if (type == ActionType.ROTATE && expiryTime.nominal().minus(before.nominal()).compareTo(MINIMUM) < 0) {
            throw KeyVaultError.badParameter(where + ".trigger.timeBeforeExpiry " + before + " with expiryTime "
                    + expiryTime + " would rotate more often than every 28 days.");
        }
        return new LifetimeAction(type, null, before);
    }

    private static ActionType actionType(JsonNode type, String where) {
        String value = type.isTextual() ? type.asText().toLowerCase(Locale.ROOT) : "";
        return switch (value) {
            case "rotate" -> ActionType.ROTATE;
            case "notify" -> ActionType.NOTIFY;
            default -> throw KeyVaultError.badParameter(where + ".action.type must be Rotate or Notify, got "
                    + (type.isMissingNode() ? "nothing" : type.toString()) + ".");
        };
    }

    private static IsoPeriod period(JsonNode node, String field) {
        return IsoPeriod.parse(node.isTextual() ? node.asText() : null).orElseThrow(() -> KeyVaultError.badParameter(
                field + " must be an ISO 8601 duration such as P90D or P2Y, got " + node + "."));
    }
}
