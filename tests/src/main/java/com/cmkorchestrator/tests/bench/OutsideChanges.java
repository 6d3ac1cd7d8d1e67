package com.cmkorchestrator.tests.bench;

import com.azure.resourcemanager.compute.models.DiskEncryptionSetUpdate;
import com.cmkorchestrator.adapters.AzureConnection;
import com.cmkorchestrator.devhost.LocalEnvironment;

/** Changes someone other than the app makes to bound resources (drift), as the deployer, through the SDK. */
public final class OutsideChanges {

    private final AzureConnection deployer;

    public OutsideChanges(FleetSeeder seeder) {
        this.deployer = seeder.deployer();
    }

    /** Turns on a disk encryption set's own rotation, which a pinned binding wants off. */
    public void turnOnAutoRotation(String diskEncryptionSet) {
        deployer.compute().serviceClient().getDiskEncryptionSets().update(LocalEnvironment.RESOURCE_GROUP,
                diskEncryptionSet, new DiskEncryptionSetUpdate().withRotationToLatestKeyVersionEnabled(true));
    }
}
