package com.cmkorchestrator.state.azure;

import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.StateStores;
import com.cmkorchestrator.testsupport.Azurite;

import java.time.Clock;

/** Fresh state in the shared Azurite: new table and queue names each time, so tests never meet. */
final class AzuriteState {

    private AzuriteState() {
    }

    static StateStores freshStores(Azurite azurite, Clock clock) {
        return AzureState.stores(azurite.tableServiceClient(), Azurite.uniqueTablePrefix(), clock);
    }

    static ReconcileQueue freshQueue(Azurite azurite, int maxAttempts) {
        return AzureState.reconcileQueue(azurite.queueServiceClient(), Azurite.uniqueQueueName(), maxAttempts);
    }
}
