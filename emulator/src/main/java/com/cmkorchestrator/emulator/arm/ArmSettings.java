package com.cmkorchestrator.emulator.arm;

import java.time.Duration;

/**
 * What ARM and its resource providers take from the emulator's options: the one tenant and
 * subscription, how long long-running operations take (emulated time) and who Databricks is.
 *
 * @param operationDuration ARM's long-running operations other than the HSM create; zero answers them synchronously
 *                          (changeable while the emulator runs)
 * @param hsmProvisioningDuration how long a new Managed HSM stays {@code Provisioning}
 * @param databricksAppObjectId the AzureDatabricks first-party app, which needs the key role for managed services
 * @param listPageSize resources per page of a list, before {@code nextLink}
 */
public record ArmSettings(String tenantId, String subscriptionId, OperationLength operationDuration,
                          Duration hsmProvisioningDuration, String databricksAppObjectId, int listPageSize) {
}
