package com.cmkorchestrator.core.fakes;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.HsmRequest;
import com.cmkorchestrator.core.model.WrappingCertificate;
import com.cmkorchestrator.core.ports.ActivationStatus;
import com.cmkorchestrator.core.ports.EncryptedSecurityDomain;
import com.cmkorchestrator.core.ports.HsmPort;
import com.cmkorchestrator.core.ports.HsmProvisioningState;
import com.cmkorchestrator.core.ports.HsmState;
import com.cmkorchestrator.core.ports.SecurityDomainOperation;
import com.cmkorchestrator.core.ports.SecurityDomainPort;
import com.cmkorchestrator.core.ports.SecurityDomainStore;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Managed HSMs on ARM, the security domain download, and the store it goes to. */
public final class FakeHsmPlane implements HsmPort, SecurityDomainPort, SecurityDomainStore {

    private final FakeAzure azure;
    private final Map<ArmId, HsmState> hsms = new HashMap<>();
    private final Map<String, ArmId> byHost = new HashMap<>();
    private final Map<String, SecurityDomainOperation> downloads = new HashMap<>();
    /** destination -> stored security domain. */
    public final Map<String, EncryptedSecurityDomain> stored = new HashMap<>();
    public boolean storeFails;
    /** Destinations the store refuses before any download (as a blob that exists already is refused). */
    public final java.util.Set<String> refusedDestinations = new java.util.HashSet<>();

    FakeHsmPlane(FakeAzure azure) {
        this.azure = azure;
    }

    public URI addActiveHsm(ArmId id) {
        return put(id, HsmProvisioningState.SUCCEEDED, ActivationStatus.ACTIVE, true);
    }

    public URI put(ArmId id, HsmProvisioningState state, ActivationStatus activation, boolean purgeProtection) {
        URI uri = URI.create("https://" + id.resourceName() + ".managedhsm.azure.net/");
        hsms.put(id, new HsmState(id, state, activation, state.isProvisioned() ? uri : null, purgeProtection));
        byHost.put(uri.getHost(), id);
        return uri;
    }

    /** What ARM reports once a provisioning or activation finishes. */
    public void set(ArmId id, HsmProvisioningState state, ActivationStatus activation) {
        HsmState current = hsms.get(id);
        put(id, state, activation, current.purgeProtectionEnabled());
    }

    boolean isActive(URI hsmUri) {
        ArmId id = byHost.get(hsmUri.getHost());
        return id != null && hsms.get(id).isActive();
    }

    @Override
    public Optional<HsmState> get(ArmId hsm) {
        azure.log.call("hsm.get");
        return Optional.ofNullable(hsms.get(hsm));
    }

    @Override
    public void beginCreate(HsmRequest request) {
        azure.log.call("hsm.create");
        if (hsms.containsKey(request.hsm())) {
            throw new AssertionError("the core must never PUT over an existing HSM");
        }
        put(request.hsm(), HsmProvisioningState.PROVISIONING, ActivationStatus.NOT_ACTIVATED, request.purgeProtection());
    }

    @Override
    public EncryptedSecurityDomain download(URI hsmUri, List<WrappingCertificate> certificates, int quorum) {
        azure.log.call("sd.download");
        if (downloads.containsKey(hsmUri.getHost())) {
            throw FakeAzure.error("POST securitydomain/download", 409, "Conflict", "a download is already in progress");
        }
        downloads.put(hsmUri.getHost(), new SecurityDomainOperation(SecurityDomainOperation.Status.IN_PROGRESS, ""));
        return new EncryptedSecurityDomain("{\"EncData\":\"secret-" + certificates.size() + "-" + quorum + "\"}");
    }

    @Override
    public SecurityDomainOperation downloadStatus(URI hsmUri) {
        azure.log.call("sd.status");
        SecurityDomainOperation operation = downloads.get(hsmUri.getHost());
        if (operation == null) {
            throw FakeAzure.error("GET securitydomain/download/pending", 404, "NotFound", "no download");
        }
        return operation;
    }

    public void finishDownload(ArmId hsm, SecurityDomainOperation.Status status) {
        URI uri = URI.create("https://" + hsm.resourceName() + ".managedhsm.azure.net/");
        downloads.put(uri.getHost(), new SecurityDomainOperation(status, status.name()));
        if (status == SecurityDomainOperation.Status.SUCCESS) {
            set(hsm, HsmProvisioningState.SUCCEEDED, ActivationStatus.ACTIVE);
        }
    }

    @Override
    public void validate(String destination) {
        if (refusedDestinations.contains(destination)) {
            throw new IllegalArgumentException(destination + " is refused");
        }
    }

    @Override
    public void check(String destination, ArmId hsm) {
        if (refusedDestinations.contains(destination) || stored.containsKey(destination)) {
            throw new IllegalArgumentException(destination + " exists already and is never overwritten");
        }
    }

    @Override
    public void store(String destination, ArmId hsm, EncryptedSecurityDomain securityDomain) {
        if (storeFails) {
            throw new IllegalStateException("disk full writing " + securityDomain.value());
        }
        stored.put(destination, securityDomain);
    }
}
