package com.cmkorchestrator.adapters;

import com.cmkorchestrator.core.ports.AzurePorts;
import com.cmkorchestrator.core.ports.SecurityDomainStore;

import java.time.Clock;

/** Every port of the lifecycle core on the Azure SDK, over one {@link AzureConnection}. */
public final class AzureAdapters {
    private AzureAdapters() {
    }

    /**
     * @param securityDomainStore where activation keeps the security domain (not an Azure call: the app chooses)
     */
    public static AzurePorts ports(AzureConnection azure, SecurityDomainStore securityDomainStore) {
        return new AzurePorts(new ActiveHsmCache(new ManagedHsmResources(azure), Clock.systemUTC()),
                new SecurityDomainDownload(azure), securityDomainStore, new HsmKeys(azure),
                new HsmLocalRbac(azure), new ManagedIdentities(azure), new CmkTargets(azure));
    }
}
