package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.errors.ErrorClassifier;
import com.cmkorchestrator.core.ports.AzurePorts;
import com.cmkorchestrator.core.model.HsmRequest;
import com.cmkorchestrator.core.ports.EncryptedSecurityDomain;
import com.cmkorchestrator.core.ports.HsmPort;
import com.cmkorchestrator.core.ports.HsmState;
import com.cmkorchestrator.core.ports.SecurityDomainOperation;
import com.cmkorchestrator.core.ports.SecurityDomainPort;
import com.cmkorchestrator.core.ports.SecurityDomainStore;
import com.cmkorchestrator.core.rotation.TokenBucket;
import com.cmkorchestrator.core.safety.OutOfScopeException;
import com.cmkorchestrator.core.safety.ScopeAllowList;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.Reason;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import static com.cmkorchestrator.core.status.ConditionType.HSM_READY;

/**
 * Drives an HSM request to an active HSM: create it if absent, wait for provisioning, then either wait for a person
 * to activate it (showing the command) or, with wrapping certificates, download the security domain, store it
 * where the request says, and wait for {@code Active}. The previous condition is the memory of a download already
 * made, so the download happens once.
 */
public final class HsmProvisioner {

    private final HsmPort hsms;
    private final SecurityDomainPort securityDomains;
    private final SecurityDomainStore store;
    private final ScopeAllowList allowList;
    private final Failures failures;
    private final EngineSettings settings;
    private final Clock clock;
    private final TokenBucket armWriteBudget;

    HsmProvisioner(HsmPort hsms, SecurityDomainPort securityDomains, SecurityDomainStore store, ScopeAllowList allowList,
                   Failures failures, EngineSettings settings, Clock clock, TokenBucket armWriteBudget) {
        this.armWriteBudget = armWriteBudget;
        this.hsms = hsms;
        this.securityDomains = securityDomains;
        this.store = store;
        this.allowList = allowList;
        this.failures = failures;
        this.settings = settings;
        this.clock = clock;
    }

    public static HsmProvisioner create(AzurePorts ports, ScopeAllowList allowList, ErrorClassifier classifier,
                                        EngineSettings settings, Clock clock, TokenBucket armWriteBudget) {
        return new HsmProvisioner(ports.hsms(), ports.securityDomains(), ports.securityDomainStore(), allowList,
                new Failures(classifier, settings), settings, clock, armWriteBudget);
    }

    /**
     * One pass over an HSM request.
     *
     * @param previous the condition the previous pass returned (null the first time): it remembers a download
     */
    public HsmOutcome ensure(HsmRequest request, Condition previous) {
        Instant now = clock.instant();
        Writes writes = new Writes(allowList, armWriteBudget);
        StepResult result;
        try {
            allowList.require("HSM", request.hsm());
            result = step(request, previous, writes, now);
        } catch (OutOfScopeException e) {
            result = failures.of(HSM_READY, e, now);
        } catch (AzureCallException e) {
            result = failures.of(HSM_READY, e, previous, now);
        }
        Condition condition = WaitHorizons.apply(result.condition(), previous, now).since(previous);
        return new HsmOutcome(condition, writes.performed(), condition.isTrue() ? null : result.recheck());
    }

    private StepResult step(HsmRequest request, Condition previous, Writes writes, Instant now) {
        Optional<HsmState> observed = hsms.get(request.hsm());
        if (observed.isEmpty()) {
            try {
                writes.perform(Write.Kind.CREATE_HSM, request.hsm(), "create " + request.sku() + " in " + request.location(),
                        () -> hsms.beginCreate(request));
            } catch (AzureCallException e) {
                if (e.httpStatus() != 409) {
                    throw e;
                }
                // the HSM is not in its resource group, so a conflict is its name, not a busy resource: HSM names
                // are global, and a soft-deleted HSM keeps its name for the retention period. Retrying cannot help.
                return StepResult.of(Condition.isFalse(HSM_READY, Reason.HSM_NAME_UNAVAILABLE,
                        "the name " + request.hsm().resourceName() + " is taken (" + e.errorCode().orElse("HTTP 409") + ": "
                                + e.azureMessage() + "); recover or purge a soft-deleted HSM of that name "
                                + "(az keyvault list-deleted --resource-type hsm), or request another name", now),
                        settings.failedRecheck());
            }
            return StepResult.of(Condition.waiting(HSM_READY, Reason.HSM_PROVISIONING_STARTED,
                    "creation requested; provisioning takes tens of minutes", now), settings.hsmPoll());
        }
        Optional<StepResult> readiness = HsmReadiness.evaluate(request.hsm(), observed, now, settings);
        if (readiness.isPresent()) {
            return readiness.get();
        }
        if (request.activation() == null) {
            return HsmReadiness.awaitingManualActivation(request.hsm(), previous, now, settings);
        }
        HsmState hsm = observed.get();
        if (previous != null && previous.reason() == Reason.SECURITY_DOMAIN_DOWNLOADED) {
            return pollActivation(hsm, now);
        }
        if (previous != null && previous.reason() == Reason.SECURITY_DOMAIN_NOT_STORED) {
            // the HSM may activate with a security domain nobody holds: a person must decide, not a retry loop
            return StepResult.of(previous, settings.failedRecheck());
        }
        HsmRequest.Activation activation = request.activation();
        try {
            store.check(activation.destination(), request.hsm());
        } catch (IllegalArgumentException e) {
            // nothing downloaded yet, so nothing lost: the HSM stays unactivated until the request names a place
            return StepResult.of(Condition.isFalse(HSM_READY, Reason.SECURITY_DOMAIN_DESTINATION_REFUSED,
                    "the security domain would not be kept: " + e.getMessage() + "; nothing was downloaded, fix "
                            + "activation.destination or activate by hand: " + HsmReadiness.activationCommand(request.hsm()),
                    now), settings.failedRecheck());
        }
        EncryptedSecurityDomain securityDomain = writes.perform(Write.Kind.DOWNLOAD_SECURITY_DOMAIN, request.hsm(),
                "quorum " + activation.quorum() + " of " + activation.certificates().size() + " certificates",
                () -> securityDomains.download(hsm.hsmUri(), activation.certificates(), activation.quorum()));
        try {
            store.store(activation.destination(), request.hsm(), securityDomain);
        } catch (RuntimeException e) {
            return StepResult.of(Condition.isFalse(HSM_READY, Reason.SECURITY_DOMAIN_NOT_STORED,
                    "activation started but the security domain could not be stored at " + activation.destination()
                            + " (" + e.getClass().getSimpleName() + "); download it again once the HSM is active: "
                            + HsmReadiness.activationCommand(request.hsm()), now), settings.failedRecheck());
        }
        return StepResult.of(Condition.waiting(HSM_READY, Reason.SECURITY_DOMAIN_DOWNLOADED,
                "security domain downloaded and stored at " + activation.destination() + "; activating", now),
                settings.hsmPoll());
    }

    private StepResult pollActivation(HsmState hsm, Instant now) {
        SecurityDomainOperation operation;
        try {
            operation = securityDomains.downloadStatus(hsm.hsmUri());
        } catch (AzureCallException e) {
            // keep the reason: it is the only memory that the download was made, and a second one must not follow
            return StepResult.of(Condition.waiting(HSM_READY, Reason.SECURITY_DOMAIN_DOWNLOADED,
                    "security domain downloaded; its status could not be read (" + e.getMessage() + "); retrying", now),
                    settings.hsmPoll());
        }
        if (operation.status() == SecurityDomainOperation.Status.FAILED) {
            return StepResult.of(Condition.isFalse(HSM_READY, Reason.ACTIVATION_FAILED,
                    "security domain download failed: " + operation.details(), now), settings.failedRecheck());
        }
        return StepResult.of(Condition.waiting(HSM_READY, Reason.SECURITY_DOMAIN_DOWNLOADED,
                "security domain download " + operation.status().name().toLowerCase() + "; waiting for ARM to report Active",
                now), settings.hsmPoll());
    }
}
