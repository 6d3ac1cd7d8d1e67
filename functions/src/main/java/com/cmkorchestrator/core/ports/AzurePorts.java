package com.cmkorchestrator.core.ports;

import java.util.Objects;

/**
 * Every port the lifecycle core needs, implemented once by the Azure adapters (and by fakes in tests).
 */
public record AzurePorts(HsmPort hsms, SecurityDomainPort securityDomains, SecurityDomainStore securityDomainStore,
                         KeyPort keys, AccessPort access, IdentityPort identities, TargetPort targets) {

    public AzurePorts {
        Objects.requireNonNull(hsms, "hsms");
        Objects.requireNonNull(securityDomains, "securityDomains");
        Objects.requireNonNull(securityDomainStore, "securityDomainStore");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(identities, "identities");
        Objects.requireNonNull(targets, "targets");
    }
}
