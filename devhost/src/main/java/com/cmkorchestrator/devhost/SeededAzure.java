package com.cmkorchestrator.devhost;

import com.cmkorchestrator.core.model.ArmId;

import java.net.URI;

/**
 * What the local run put into the emulator before the app starts: one resource group, an activated Managed HSM
 * whose administrator is the app, and one resource of each kind to bind.
 *
 * @param deployer     the object ID that created the HSM and is its administrator
 * @param appPrincipal the app's object ID (its managed identity, in Azure)
 */
public record SeededAzure(String subscriptionId, String tenantId, String resourceGroup, String deployer,
                          String appPrincipal, ArmId hsm,
                          URI hsmUri, ArmId storageAccount, ArmId diskEncryptionSet, ArmId databricksWorkspace) {

    public String hsmName() {
        return hsm.resourceName();
    }

    public String resourceGroupId() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup;
    }
}
