package com.cmkorchestrator.app.health;

import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionStatus;
import com.cmkorchestrator.core.status.Reason;
import com.cmkorchestrator.state.Finding;
import com.cmkorchestrator.state.FindingSeverity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the health sweep reports about one binding after re-checking it: conditions that failed or have waited too
 * long, a resource on an expired or disabled version, a change made to its target outside the app, and what lies
 * ahead for its key. {@link #urgent} is the part a pass reports at once, without waiting for the sweep.
 */
public final class FindingRules {

    /** A condition waiting longer than this is reported: something it waits for is not coming. */
    public static final Duration WAITING_TOO_LONG = Duration.ofHours(1);
    /** Reasons a condition that holds can carry and a person should still hear of. */
    static final Set<Reason> NOTED_WHILE_HOLDING = Set.of(Reason.KEY_MARK_REMOVED);

    private FindingRules() {
    }

    public static List<Finding> of(String binding, BindingStatus status, KeyHorizon horizon, Instant now) {
        List<Finding> findings = new ArrayList<>();
        if (status.critical()) {
            findings.add(new Finding(binding, FindingSeverity.CRITICAL,
                    "the resource uses a key version that is expired or disabled: its data is, or is about to be, offline",
                    now));
        }
        for (Condition condition : status.conditions()) {
            if (condition.status() == ConditionStatus.FALSE) {
                findings.add(new Finding(binding, FindingSeverity.WARNING, describe(condition, "False"), now));
            } else if (condition.isTrue() && NOTED_WHILE_HOLDING.contains(condition.reason())) {
                findings.add(new Finding(binding, FindingSeverity.WARNING, describe(condition, "True"), now));
            } else if (condition.status() == ConditionStatus.WAITING
                    && condition.lastTransitionTime().plus(WAITING_TOO_LONG).isBefore(now)) {
                findings.add(new Finding(binding, FindingSeverity.WARNING,
                        describe(condition, "Waiting since " + condition.lastTransitionTime()), now));
            }
        }
        drift(binding, status, now).ifPresent(findings::add);
        if (horizon != null) {
            horizon.concerns(now).forEach(concern ->
                    findings.add(new Finding(binding, concern.severity(), concern.message(), now)));
        }
        return findings;
    }

    /**
     * What a pass reports at once rather than at the next sweep: a slot conflict (the binding writes nothing until a
     * person acts) and a drift (someone changed the target; the finding names them when an event did). Worded as
     * {@link #of} words them, so that the sweep replaces them by themselves.
     */
    public static List<Finding> urgent(String binding, BindingStatus status, Instant now) {
        List<Finding> findings = new ArrayList<>();
        status.firstUnmet().filter(condition -> condition.reason() == Reason.CONFLICT).ifPresent(condition ->
                findings.add(new Finding(binding, FindingSeverity.WARNING, describe(condition, "False"), now)));
        drift(binding, status, now).ifPresent(findings::add);
        return findings;
    }

    private static Optional<Finding> drift(String binding, BindingStatus status, Instant now) {
        return Optional.ofNullable(status.drift()).filter(drift -> drift.rememberedAt(now))
                .map(drift -> new Finding(binding, FindingSeverity.WARNING, clip(drift.describe()), now));
    }

    private static String describe(Condition condition, String state) {
        return clip(condition.type().json() + " " + state + " (" + condition.reason().json() + ")"
                + (condition.message().isEmpty() ? "" : ": " + condition.message()));
    }

    private static String clip(String text) {
        return text.length() <= Finding.MAX_MESSAGE_CHARS ? text : text.substring(0, Finding.MAX_MESSAGE_CHARS - 1) + "…";
    }
}
