package com.cmkorchestrator.adapters;

import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The SDK's own retry policy is off: a failed Azure call reaches the core once, and the queue looks again. */
class SdkRetriesTest {

    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("retries-rg");

    @AfterEach
    void noMoreFaults() {
        azure.emulator().setFaults(azure.emulator().faults().withServerErrorRate(0));
    }

    @Test
    void anArmCallThatFailsIsSentOnceAndNotRetriedByTheSdk() {
        ArmId identity = azure.id("retries-rg", "Microsoft.ManagedIdentity/userAssignedIdentities", "uami");
        ManagedIdentities identities = new ManagedIdentities(azure.connection());
        azure.emulator().setFaults(azure.emulator().faults().withServerErrorRate(1));
        long before = azure.emulator().requestLog().mark();

        AzureCallException failed = catchThrowableOfType(AzureCallException.class, () -> identities.get(identity));

        assertThat(failed.httpStatus()).isGreaterThanOrEqualTo(500);
        assertThat(azure.emulator().requestLog().since(before)).hasSize(1);
    }
}
