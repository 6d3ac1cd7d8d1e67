package com.cmkorchestrator.app;

import com.cmkorchestrator.config.AppSettings;

/** The graph as it runs in Azure: the adapters over the real endpoints, Table and Queue storage, the event topic. */
final class AzureGraph {

    private AzureGraph() {
    }

    static AppGraph fromEnvironment() {
        AppSettings settings = AppSettings.fromEnvironment();
        throw new IllegalStateException("the Azure adapters are not wired yet (settings read: " + settings.reconcileQueue()
                + ")");
    }
}
