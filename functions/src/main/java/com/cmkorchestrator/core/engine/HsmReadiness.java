package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.ports.ActivationStatus;
import com.cmkorchestrator.core.ports.HsmState;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.Reason;

import com.cmkorchestrator.retry.Retries;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static com.cmkorchestrator.core.status.ConditionType.HSM_READY;

/** Reads an HSM's ARM state as an {@code HsmReady} condition, shared by bindings and HSM provisioning. */
final class HsmReadiness {

    private HsmReadiness() {
    }

    /** The command an HSM administrator runs to activate the HSM by hand (azure-facts 4). */
    static String activationCommand(ArmId hsm) {
        String name = hsm.resourceName();
        return "az keyvault security-domain download --hsm-name " + name
                + " --sd-wrapping-keys cert_0.cer cert_1.cer cert_2.cer --sd-quorum 2"
                + " --security-domain-file " + name + "-SD.json";
    }

    /**
     * @return the condition, or empty when the HSM is provisioned but not activated (the caller decides how to activate)
     */
    static Optional<StepResult> evaluate(ArmId id, Optional<HsmState> observed, Instant now, EngineSettings settings) {
        if (observed.isEmpty()) {
            return Optional.of(StepResult.of(Condition.isFalse(HSM_READY, Reason.HSM_NOT_FOUND,
                    "managed HSM " + id + " does not exist; create it with POST /api/hsms or Bicep", now),
                    settings.failedRecheck()));
        }
        HsmState hsm = observed.get();
        switch (hsm.provisioningState()) {
            case PROVISIONING, UPDATING ->  {
                return Optional.of(StepResult.of(Condition.waiting(HSM_READY, Reason.HSM_PROVISIONING,
                        "ARM provisioning state " + hsm.provisioningState() + "; this takes tens of minutes", now),
                        settings.hsmPoll()));
            }
            case FAILED -> {
                return Optional.of(StepResult.of(Condition.isFalse(HSM_READY, Reason.HSM_PROVISIONING_FAILED,
                        "ARM reports provisioning of " + id + " failed", now), settings.failedRecheck()));
            }
            case SUCCEEDED, ACTIVATED -> {
                // provisioned: activation decides
            }
            default -> {
                return Optional.of(StepResult.of(Condition.waiting(HSM_READY, Reason.HSM_UNAVAILABLE,
                        "ARM provisioning state " + hsm.provisioningState(), now), settings.hsmPoll()));
            }
        }
        if (hsm.isActive()) {
            return Optional.of(StepResult.of(Condition.isTrue(HSM_READY, Reason.HSM_ACTIVE,
                    "activated; data plane " + hsm.hsmUri(), now)));
        }
        if (hsm.activationStatus() == ActivationStatus.FAILED) {
            return Optional.of(StepResult.of(Condition.isFalse(HSM_READY, Reason.ACTIVATION_FAILED,
                    "security domain activation failed; download the security domain again", now),
                    settings.failedRecheck()));
        }
        return Optional.empty();
    }

    /** Manual activation: wait, and tell the administrator exactly what to run. */
    static StepResult awaitingManualActivation(ArmId id, Condition previous, Instant now, EngineSettings settings) {
        return StepResult.of(Condition.waiting(HSM_READY, Reason.NOT_ACTIVATED,
                "not activated: an initial administrator must download the security domain to activate it: "
                        + activationCommand(id), now), activationPoll(previous, now, settings));
    }

    /**
     * Activation is a person's act and Azure announces it with no event, so the only way to notice is to look; but
     * an HSM may wait days for its administrators. The pause grows with the wait (as long again as waited so far),
     * from the HSM poll up to {@link #ACTIVATION_POLL_MAX}, so a forgotten HSM costs a few reads an hour.
     */
    private static Duration activationPoll(Condition previous, Instant now, EngineSettings settings) {
        if (previous == null || previous.reason() != Reason.NOT_ACTIVATED || previous.lastTransitionTime().isAfter(now)) {
            return settings.hsmPoll();
        }
        Duration waited = Duration.between(previous.lastTransitionTime(), now);
        Duration next = waited.compareTo(settings.hsmPoll()) > 0 ? waited : settings.hsmPoll();
        return next.compareTo(ACTIVATION_POLL_MAX) > 0 ? ACTIVATION_POLL_MAX : next;
    }

    /** The longest pause between looks at an HSM awaiting its administrators: they see it active within this. */
    static final Duration ACTIVATION_POLL_MAX = Retries.ACTIVATION_POLL_LONGEST;
}
