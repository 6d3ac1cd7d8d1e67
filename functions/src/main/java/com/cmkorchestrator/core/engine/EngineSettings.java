package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.retry.Retries;

import java.time.Duration;
import java.time.Period;
import java.util.Optional;

/**
 * Knobs of the reconciler, set once from app settings.
 *
 * @param databricksPrincipalId  object ID of the AzureDatabricks first-party application in the tenant, which
 *                               needs the key role for managed services; null when no Databricks binding is expected
 * @param steadyRecheck          how long a converged binding rests before the next look (the health sweep also looks)
 * @param failedRecheck          how long a binding with a False condition rests (a person, or an event, may fix it)
 * @param shortRequeue           pause after a change whose effect the next pass checks
 * @param hsmPoll                pause while an HSM provisions or activates
 * @param propagationBase        first pause while a grant or new principal propagates
 * @param propagationMax         longest such pause (the wait grows with the time already waited)
 * @param nearExpiry             how long before expiry a key counts as near expiry when its policy names no notify time
 */
public record EngineSettings(String databricksPrincipalId, Duration steadyRecheck, Duration failedRecheck,
                             Duration shortRequeue, Duration hsmPoll, Duration propagationBase, Duration propagationMax,
                             Period nearExpiry) {

    /** The re-check delays of the app's retry story ({@link Retries}); Key Vault's 30-day near-expiry default. */
    public static EngineSettings defaults(String databricksPrincipalId) {
        return new EngineSettings(databricksPrincipalId, Retries.STEADY_RECHECK, Retries.FAILED_RECHECK,
                Retries.AFTER_CHANGE, Retries.HSM_POLL, Retries.PROPAGATION_FIRST, Retries.PROPAGATION_LONGEST,
                Period.ofDays(30));
    }

    public Optional<String> databricksPrincipal() {
        return Optional.ofNullable(databricksPrincipalId).filter(id -> !id.isBlank());
    }
}
