package com.cmkorchestrator.adapters;

import com.cmkorchestrator.core.ports.AzurePorts;
import com.cmkorchestrator.core.ports.SecurityDomainStore;

import java.time.Clock;

/** Every port of the lifecycle core on the Azure SDK, over one {@link AzureConnection}. */
public final class AzureAdapters {
    private AzureAdapters() {
    }

    /**
     * The ports, with the reads a rotation's fan-out shares behind short-lived caches (docs/concurrency.md section 5):
     * an active HSM's ARM state, a key's state and policy, a scope's role assignments, an identity's principal.
     *
     * @param securityDomainStore where activation keeps the security domain (not an Azure call: the app chooses)
     */
    public static AzurePorts ports(AzureConnection azure, SecurityDomainStore securityDomainStore) {
        Clock clock = Clock.systemUTC();
        PrincipalCache principals = new PrincipalCache(new ManagedIdentities(azure), clock);
        return new AzurePorts(new ActiveHsmCache(new ManagedHsmResources(azure), clock),
                new SecurityDomainDownload(azure), securityDomainStore, new KeyStateCache(new HsmKeys(azure), clock),
                new AssignmentCache(new HsmLocalRbac(azure), clock), principals,
                new CmkTargets(azure, principals::forget));
    }
}
