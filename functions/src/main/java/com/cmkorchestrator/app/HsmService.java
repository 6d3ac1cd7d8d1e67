package com.cmkorchestrator.app;

import com.cmkorchestrator.core.model.BindingJson;
import com.cmkorchestrator.core.model.BindingValidationException;
import com.cmkorchestrator.core.model.HsmRequest;
import com.cmkorchestrator.core.ports.SecurityDomainStore;
import com.cmkorchestrator.core.safety.OutOfScopeException;
import com.cmkorchestrator.core.safety.ScopeAllowList;
import com.cmkorchestrator.state.SpecRecord;
import com.cmkorchestrator.state.SpecStore;
import com.cmkorchestrator.state.StateLimits;

import java.util.function.Supplier;


/**
 * Requests for new Managed HSMs. A request is stored and queued; the reconcile worker creates the HSM, waits for it
 * and, when the request carries wrapping certificates, activates it. Without them activation is left to a person,
 * and the status says how.
 */
public final class HsmService {

    private final SpecStore requests;
    private final ScopeAllowList allowList;
    private final boolean provisioningEnabled;
    private final SecurityDomainStore securityDomains;
    private final Regions regions;
    private final Supplier<String> appPrincipal;
    private final WorkScheduler work;

    /** @param appPrincipal the app's own object ID, which a request must name among the HSM's administrators */
    public HsmService(SpecStore requests, ScopeAllowList allowList, boolean provisioningEnabled,
                      SecurityDomainStore securityDomains, Regions regions, Supplier<String> appPrincipal,
                      WorkScheduler work) {
        this.requests = requests;
        this.allowList = allowList;
        this.provisioningEnabled = provisioningEnabled;
        this.securityDomains = securityDomains;
        this.regions = regions;
        this.appPrincipal = appPrincipal;
        this.work = work;
    }

    /** @param changed whether the request was new or different */
    public record Requested(HsmView view, boolean changed) {
    }

    /**
     * Stores the request under the HSM's name and queues a provisioning pass. Repeating it changes nothing.
     *
     * @throws Refusal DISABLED when provisioning is switched off, OUT_OF_SCOPE when the HSM lies outside the allow-list
     * @throws BindingValidationException (a 422) when the security domain's destination is one the app would not write
     *                                    to, the location is no Azure region, or the administrators lack the app
     */
    public Requested request(HsmRequest request) {
        if (!provisioningEnabled) {
            throw new Refusal(Refusal.Kind.DISABLED, null, "this app does not provision Managed HSMs:"
                    + " set CMK_HSM_PROVISIONING_ENABLED=true to allow it");
        }
        regions.require("location", request.location());
        try {
            allowList.require("HSM", request.hsm());
        } catch (OutOfScopeException e) {
            throw new Refusal(Refusal.Kind.OUT_OF_SCOPE, "hsm", e.getMessage());
        }
        String app = appPrincipal.get();
        if (request.administrators().stream().noneMatch(app::equalsIgnoreCase)) {
            // only an initial administrator can activate the HSM, and only one can give the app its key operator
            // role afterwards: without the app among them it could provision an HSM it can never use
            throw new BindingValidationException("administrators", "must include the app's own principal " + app
                    + ": the app activates the HSM and then grants itself its key operator role, which only an initial"
                    + " administrator can");
        }
        if (request.activation() != null) {
            try {
                // before anything is stored: a destination outside the allow-list must never be sent a token
                securityDomains.validate(request.activation().destination());
            } catch (IllegalArgumentException e) {
                throw new BindingValidationException("activation.destination", e.getMessage());
            }
        }
        String name = request.hsm().resourceName();
        try {
            StateLimits.requireKeyVaultName("HSM name", name);
        } catch (IllegalArgumentException e) {
            throw new BindingValidationException("hsm", e.getMessage());
        }
        name = storedName(name);
        SpecChange change = SpecChange.declare(requests, name, BindingJson.write(request));
        if (change.needsPass()) {
            work.lookAtHsm(name, "HSM request generation " + change.record().generation());
        }
        return new Requested(HsmView.of(change.record()), change.changed());
    }

    /** @throws Refusal NOT_FOUND */
    public HsmView get(String name) {
        return requests.get(storedName(name)).map(HsmView::of).orElseThrow(() -> new Refusal(Refusal.Kind.NOT_FOUND,
                "name", "no HSM request named '" + name + "'"));
    }

    /**
     * The name an existing request for this HSM is stored under, or {@code name} itself. Azure's names ignore case,
     * so NEW-HSM is the HSM new-hsm asked for: a second record would run a second provisioning chain against it.
     */
    private String storedName(String name) {
        return requests.list().stream().map(SpecRecord::name).filter(name::equalsIgnoreCase).findFirst().orElse(name);
    }
}
