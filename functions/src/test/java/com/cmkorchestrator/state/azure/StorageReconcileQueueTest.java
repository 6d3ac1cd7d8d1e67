package com.cmkorchestrator.state.azure;

import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.ReconcileQueueContract;
import com.cmkorchestrator.testsupport.Azurite;
import com.cmkorchestrator.testsupport.AzuriteExtension;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AzuriteExtension.class)
class StorageReconcileQueueTest extends ReconcileQueueContract {

    private final Azurite azurite;

    StorageReconcileQueueTest(Azurite azurite) {
        this.azurite = azurite;
    }

    @Override
    protected ReconcileQueue newQueue(int maxAttempts) {
        return AzureState.reconcileQueue(azurite.queueServiceClient(), Azurite.uniqueQueueName(), maxAttempts);
    }
}
