package com.cmkorchestrator.app;

import com.cmkorchestrator.adapters.AzureConnection;
import com.cmkorchestrator.adapters.CmkTargets;
import com.cmkorchestrator.adapters.HsmKeys;
import com.cmkorchestrator.adapters.HsmLocalRbac;
import com.cmkorchestrator.adapters.ManagedHsmResources;
import com.cmkorchestrator.adapters.ManagedIdentities;
import com.cmkorchestrator.adapters.SecurityDomainDownload;
import com.cmkorchestrator.core.ports.AzurePorts;
import com.cmkorchestrator.core.ports.SecurityDomainStore;

/** The core's ports on the Azure SDK adapters, over one connection (Azure or the emulator). */
public final class AdapterPorts {

    private AdapterPorts() {
    }

    public static AzurePorts over(AzureConnection azure, SecurityDomainStore securityDomains) {
        return new AzurePorts(new ManagedHsmResources(azure), new SecurityDomainDownload(azure), securityDomains,
                new HsmKeys(azure), new HsmLocalRbac(azure), new ManagedIdentities(azure), new CmkTargets(azure));
    }
}
