package com.cmkorchestrator.core.status;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Objects;

/**
 * One link of a binding's chain as last observed.
 *
 * @param type               which link
 * @param status             True, False or Waiting
 * @param reason             a constant from {@link Reason}
 * @param message            for people: what was seen, and for {@code NotActivated} the exact command to run
 * @param lastTransitionTime when status or reason last changed (kept across passes that see the same thing;
 *                           the reconciler backs off from it)
 * @param keyVersion         the key version in force when this condition was evaluated, if known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(ConditionType type, ConditionStatus status, Reason reason, String message,
                        Instant lastTransitionTime, String keyVersion) {

    public Condition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(lastTransitionTime, "lastTransitionTime");
        message = message == null ? "" : message;
    }

    public static Condition isTrue(ConditionType type, Reason reason, String message, Instant now) {
        return new Condition(type, ConditionStatus.TRUE, reason, message, now, null);
    }

    public static Condition isFalse(ConditionType type, Reason reason, String message, Instant now) {
        return new Condition(type, ConditionStatus.FALSE, reason, message, now, null);
    }

    public static Condition waiting(ConditionType type, Reason reason, String message, Instant now) {
        return new Condition(type, ConditionStatus.WAITING, reason, message, now, null);
    }

    public Condition withKeyVersion(String version) {
        return new Condition(type, status, reason, message, lastTransitionTime, version);
    }

    /** Keeps the earlier transition time when status and reason did not change, as Kubernetes conditions do. */
    public Condition since(Condition previous) {
        if (previous != null && previous.type == type && previous.status == status && previous.reason == reason) {
            return new Condition(type, status, reason, message, previous.lastTransitionTime, keyVersion);
        }
        return this;
    }

    @JsonIgnore
    public boolean isTrue() {
        return status == ConditionStatus.TRUE;
    }
}
