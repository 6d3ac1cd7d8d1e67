package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.errors.Classification;
import com.cmkorchestrator.core.errors.ErrorClassifier;
import com.cmkorchestrator.core.safety.OutOfScopeException;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;

import java.time.Duration;
import java.time.Instant;

/** Turns a failed step into its condition and retry time, with the classifier's verdict and backoff. */
final class Failures {

    private final ErrorClassifier classifier;
    private final EngineSettings settings;

    Failures(ErrorClassifier classifier, EngineSettings settings) {
        this.classifier = classifier;
        this.settings = settings;
    }

    StepResult of(ConditionType type, AzureCallException error, Condition previous, Instant now) {
        Classification verdict = classifier.classify(error);
        return switch (verdict.errorClass()) {
            case FATAL -> StepResult.of(Condition.isFalse(type, Reason.AZURE_REJECTED,
                    error.operation() + " was rejected: " + verdict.description(), now), settings.failedRecheck());
            case RETRYABLE -> StepResult.of(Condition.waiting(type, Reason.AZURE_RETRYING,
                    error.operation() + " failed, retrying: " + verdict.description(), now), verdict.retryAfter());
            case SLOW_RETRYABLE -> {
                Duration waited = waitedFor(previous, Reason.AWAITING_PROPAGATION, now);
                Duration next = backoff(verdict.retryAfter(), waited);
                yield StepResult.of(Condition.waiting(type, Reason.AWAITING_PROPAGATION,
                        error.operation() + " refused while access propagates (waited " + waited.toSeconds()
                                + " s so far): " + verdict.description(), now), next);
            }
        };
    }

    StepResult of(ConditionType type, OutOfScopeException error, Instant now) {
        return StepResult.of(Condition.isFalse(type, Reason.OUT_OF_SCOPE, error.getMessage(), now), settings.failedRecheck());
    }

    /**
     * Waits as long again as already waited (so the pauses double), from the propagation base up to its cap:
     * RBAC can take 10 minutes, and retrying every few seconds would only spend the write budget.
     */
    private Duration backoff(Duration atLeast, Duration waited) {
        Duration next = waited.compareTo(atLeast) > 0 ? waited : atLeast;
        if (next.compareTo(settings.propagationBase()) < 0) {
            next = settings.propagationBase();
        }
        return next.compareTo(settings.propagationMax()) > 0 ? settings.propagationMax() : next;
    }

    private static Duration waitedFor(Condition previous, Reason reason, Instant now) {
        if (previous == null || previous.reason() != reason || previous.lastTransitionTime().isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(previous.lastTransitionTime(), now);
    }
}
