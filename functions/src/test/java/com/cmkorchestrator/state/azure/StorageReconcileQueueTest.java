package com.cmkorchestrator.state.azure;

import com.cmkorchestrator.state.ReconcileQueueContract;
import com.cmkorchestrator.testsupport.Azurite;
import com.cmkorchestrator.testsupport.AzuriteExtension;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AzuriteExtension.class)
class StorageReconcileQueueTest extends ReconcileQueueContract {

    StorageReconcileQueueTest(Azurite azurite) {
        super(maxAttempts -> AzuriteState.freshQueue(azurite, maxAttempts));
    }
}
