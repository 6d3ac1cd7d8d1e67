package com.cmkorchestrator.tests.bench;

import com.azure.core.management.Region;
import com.cmkorchestrator.adapters.AzureConnection;
import com.cmkorchestrator.devhost.LocalEnvironment;

/** Creates the benchmark's storage accounts as the deployer, through the SDK. */
final class StorageAccounts {

    private final AzureConnection deployer;
    private final String group;

    StorageAccounts(LocalEnvironment environment) {
        this.deployer = LocalEnvironment.connect(environment.emulator(), LocalEnvironment.DEPLOYER);
        this.group = environment.seeded().resourceGroup();
    }

    void create(String name) {
        deployer.storage().storageAccounts().define(name).withRegion(Region.EUROPE_WEST)
                .withExistingResourceGroup(group).create();
    }
}
