package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.errors.ErrorClassifier;
import com.cmkorchestrator.core.ports.AzurePorts;
import com.cmkorchestrator.core.model.HsmRequest;
import com.cmkorchestrator.core.ports.EncryptedSecurityDomain;
import com.cmkorchestrator.core.ports.HsmPort;
import com.cmkorchestrator.core.ports.HsmState;
import com.cmkorchestrator.core.ports.Lease;
import com.cmkorchestrator.core.ports.LeaseNames;
import com.cmkorchestrator.core.ports.LeasePort;
import com.cmkorchestrator.core.ports.SecurityDomainOperation;
import com.cmkorchestrator.core.ports.SecurityDomainPort;
import com.cmkorchestrator.core.ports.SecurityDomainStore;
import com.cmkorchestrator.core.safety.OutOfScopeException;
import com.cmkorchestrator.core.safety.ScopeAllowList;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.Reason;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static com.cmkorchestrator.core.status.ConditionType.HSM_READY;

/**
 * Drives an HSM request to an active HSM: create it if absent, wait for provisioning, then either wait for a person
 * to activate it (showing the command) or, with wrapping certificates, download the security domain, store it
 * where the request says, and wait for {@code Active}; once active, the app grants itself its key operator role
 * ({@link EnsureKeyOperatorRole}). The previous condition is the memory of a download already
 * made, so the download happens once.
 *
 * <p>Across instances, both steps that must happen once run under a lease (docs/concurrency.md section 2), and each
 * reads Azure again inside it: the creation (its begin) under {@code hsm/<subscription>/<group>/<name>} for 60 s; the
 * download under {@code security-domain/<hsm>} for 15 minutes, held past the pass that downloaded until the HSM is
 * active (renewed by that instance's polls), so that a pass elsewhere that has not yet seen the download's status
 * waits instead of downloading a second security domain nobody would keep. Neither step holds a worker: the creation
 * is begun and its poller dropped, and the download's activation is polled by later passes.
 */
public final class HsmProvisioner {

    /** The begin of an HSM creation: one ARM call. */
    static final Duration CREATION_LEASE = Duration.ofSeconds(60);
    /** Begin, store and activation polls of a security-domain download; renewed while this instance polls. */
    static final Duration SECURITY_DOMAIN_LEASE = Duration.ofMinutes(15);

    private final HsmPort hsms;
    private final SecurityDomainPort securityDomains;
    private final SecurityDomainStore store;
    private final ScopeAllowList allowList;
    private final Failures failures;
    private final EngineSettings settings;
    private final Clock clock;
    private final ExclusiveSteps exclusive;
    private final EnsureKeyOperatorRole keyOperatorRole;
    /** Download leases this instance holds until the HSM it downloaded for is active, by lease name. */
    private final Map<String, Lease> downloading = new ConcurrentHashMap<>();

    HsmProvisioner(HsmPort hsms, SecurityDomainPort securityDomains, SecurityDomainStore store, ScopeAllowList allowList,
                   Failures failures, EngineSettings settings, Clock clock, LeasePort leases,
                   EnsureKeyOperatorRole keyOperatorRole) {
        this.keyOperatorRole = keyOperatorRole;
        this.hsms = hsms;
        this.securityDomains = securityDomains;
        this.store = store;
        this.allowList = allowList;
        this.failures = failures;
        this.settings = settings;
        this.clock = clock;
        this.exclusive = new ExclusiveSteps(leases);
    }

    /**
     * @param leases       the instances' shared leases (the state's {@code <prefix>leases})
     * @param appPrincipal the app's own object ID: it grants itself its key operator role on the HSMs it activates
     */
    public static HsmProvisioner create(AzurePorts ports, ScopeAllowList allowList, ErrorClassifier classifier,
                                        EngineSettings settings, Clock clock, LeasePort leases,
                                        Supplier<String> appPrincipal) {
        return new HsmProvisioner(ports.hsms(), ports.securityDomains(), ports.securityDomainStore(), allowList,
                new Failures(classifier, settings), settings, clock, leases,
                new EnsureKeyOperatorRole(ports.access(), appPrincipal));
    }

    /**
     * One pass over an HSM request.
     *
     * @param previous the condition the previous pass returned (null the first time): it remembers a download
     */
    public HsmOutcome ensure(HsmRequest request, Condition previous) {
        Instant now = clock.instant();
        Writes writes = new Writes(allowList);
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
            return createOnce(request, writes, now);
        }
        Optional<StepResult> readiness = HsmReadiness.evaluate(request.hsm(), observed, now, settings);
        if (readiness.isPresent()) {
            if (readiness.get().condition().isTrue()) {
                Optional.ofNullable(downloading.remove(downloadLease(request))).ifPresent(exclusive::release);
                return keyOperatorRole.ensure(observed.get(), readiness.get(), writes, now);
            }
            return readiness.get();
        }
        if (request.activation() == null) {
            return HsmReadiness.awaitingManualActivation(request.hsm(), previous, now, settings);
        }
        HsmState hsm = observed.get();
        if (previous != null && previous.reason() == Reason.SECURITY_DOMAIN_DOWNLOADED) {
            return pollActivation(request, hsm, now);
        }
        if (previous != null && previous.reason() == Reason.SECURITY_DOMAIN_NOT_STORED) {
            // the HSM may activate with a security domain nobody holds: a person must decide, not a retry loop
            return StepResult.of(previous, settings.failedRecheck());
        }
        return downloadOnce(request, writes, now);
    }

    /** Creates the HSM under its lease, once ARM, read again inside the lease, still does not have it. */
    private StepResult createOnce(HsmRequest request, Writes writes, Instant now) {
        String name = LeaseNames.hsmCreation(request.hsm());
        Optional<Lease> lease = exclusive.take(name, CREATION_LEASE);
        if (lease.isEmpty()) {
            return exclusive.heldElsewhere(HSM_READY, name, "the creation of " + request.hsm().resourceName(), now,
                    settings.hsmPoll());
        }
        try {
            Optional<HsmState> since = hsms.get(request.hsm());
            if (since.isPresent()) {
                return HsmReadiness.evaluate(request.hsm(), since, now, settings).orElseGet(() -> StepResult.of(
                        Condition.waiting(HSM_READY, Reason.HSM_PROVISIONING_STARTED, "created by another instance; "
                                + "waiting for it to provision", now), settings.hsmPoll()));
            }
            return create(request, writes, now);
        } finally {
            exclusive.release(lease.get());
        }
    }

    private StepResult create(HsmRequest request, Writes writes, Instant now) {
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

    /**
     * Downloads and stores the security domain under its lease, once a download, looked for again inside the lease,
     * was not begun elsewhere and the destination would keep it; the lease stays held (this instance's polls renew
     * it) until the HSM is active.
     */
    private StepResult downloadOnce(HsmRequest request, Writes writes, Instant now) {
        String name = downloadLease(request);
        Optional<Lease> lease = exclusive.take(name, SECURITY_DOMAIN_LEASE);
        if (lease.isEmpty()) {
            return exclusive.heldElsewhere(HSM_READY, name, "the security-domain download of "
                    + request.hsm().resourceName(), now, settings.hsmPoll());
        }
        boolean keep = false;
        try {
            HsmState hsm = hsms.get(request.hsm()).orElseThrow(() -> new AzureCallException("GET " + request.hsm(),
                    404, "ResourceNotFound", "the HSM disappeared during its activation"));
            Optional<StepResult> since = HsmReadiness.evaluate(request.hsm(), Optional.of(hsm), now, settings);
            if (since.isPresent()) {
                return since.get();
            }
            if (downloadBegun(hsm)) {
                return StepResult.of(Condition.waiting(HSM_READY, Reason.SECURITY_DOMAIN_DOWNLOADED, "a security-domain "
                        + "download is under way, begun by another instance or by hand; waiting for activation. If no "
                        + "one kept that security domain, download it again once the HSM is active: "
                        + HsmReadiness.activationCommand(request.hsm()), now), settings.hsmPoll());
            }
            try {
                store.check(request.activation().destination(), request.hsm());
            } catch (IllegalArgumentException e) {
                // nothing downloaded yet, so nothing lost: the HSM stays unactivated until the request names a place
                return StepResult.of(Condition.isFalse(HSM_READY, Reason.SECURITY_DOMAIN_DESTINATION_REFUSED,
                        "the security domain would not be kept: " + e.getMessage() + "; nothing was downloaded, fix "
                                + "activation.destination or activate by hand: "
                                + HsmReadiness.activationCommand(request.hsm()), now), settings.failedRecheck());
            }
            StepResult downloaded = download(request, hsm, writes, now);
            keep = downloaded.condition().reason() == Reason.SECURITY_DOMAIN_DOWNLOADED;
            if (keep) {
                downloading.put(name, lease.get());
            }
            return downloaded;
        } finally {
            if (!keep) {
                exclusive.release(lease.get());
            }
        }
    }

    /** Whether the HSM reports a download of its security domain (a 404 says none was begun). */
    private boolean downloadBegun(HsmState hsm) {
        try {
            securityDomains.downloadStatus(hsm.hsmUri());
            return true;
        } catch (AzureCallException e) {
            if (e.httpStatus() == 404) {
                return false;
            }
            throw e;
        }
    }

    private StepResult download(HsmRequest request, HsmState hsm, Writes writes, Instant now) {
        HsmRequest.Activation activation = request.activation();
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

    private static String downloadLease(HsmRequest request) {
        return LeaseNames.securityDomain(request.hsm().resourceName());
    }

    private StepResult pollActivation(HsmRequest request, HsmState hsm, Instant now) {
        String name = downloadLease(request);
        Optional.ofNullable(downloading.get(name)).ifPresent(held -> exclusive.renew(held, SECURITY_DOMAIN_LEASE)
                .ifPresentOrElse(renewed -> downloading.put(name, renewed), () -> downloading.remove(name)));
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
