package com.cmkorchestrator.devhost;

import com.cmkorchestrator.config.AppSettings;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.StateStores;
import com.cmkorchestrator.state.azure.AzureState;
import com.cmkorchestrator.state.memory.InMemoryReconcileQueue;
import com.cmkorchestrator.state.memory.InMemoryState;

import java.time.Clock;

/**
 * Where a local run keeps the app's state: in memory (one host), or in Azure Table and Queue storage (Azurite),
 * which several hosts share as scaled-out instances share the Functions platform's storage account.
 *
 * @param stores      the app's tables
 * @param queue       the reconcile queue the host's queue listener competes for
 * @param description one line for the start-up output
 */
record LocalState(StateStores stores, ReconcileQueue queue, String description) {

    /**
     * @param instance  the name this host takes leases under, or null for the host name and a random suffix (Azure
     *                  state only; memory has no other holder)
     * @param timeScale the emulated clock's speed: Azurite counts queue delays in real time, so they are scaled
     */
    static LocalState open(AppSettings settings, Clock clock, double timeScale, String instance) {
        if (settings.storageConnectionString().isPresent()) {
            AzureState state = AzureState.connect(settings, clock, instance != null ? instance
                    : AzureState.instanceName());
            return new LocalState(state.stores(), TimeScaledQueue.of(state.reconcileQueue(), timeScale),
                    "Azure Table and Queue storage (Azurite): tables " + settings.stateTablePrefix() + "*, queue "
                            + settings.reconcileQueue() + ", leases taken as " + state.stores().leases().holder());
        }
        return new LocalState(InMemoryState.stores(clock), new InMemoryReconcileQueue(settings.reconcileQueue(),
                settings.maxReconcileAttempts(), clock),
                "in memory (set CMK_STORAGE_CONNECTION_STRING to use Azurite)");
    }
}
