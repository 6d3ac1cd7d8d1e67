package com.cmkorchestrator.wiring;

import com.cmkorchestrator.adapters.AppPrincipal;
import com.cmkorchestrator.adapters.AzureAdapters;
import com.cmkorchestrator.adapters.AzureConnection;
import com.cmkorchestrator.adapters.BlobSecurityDomainStore;
import com.cmkorchestrator.adapters.SecurityDomainStores;
import com.cmkorchestrator.adapters.eventgrid.EventGridKeyEventPublisher;
import com.cmkorchestrator.config.AppSettings;
import com.cmkorchestrator.state.azure.AzureState;

import java.time.Clock;

/**
 * The graph as it runs in Azure: the adapters on Azure's endpoints as the app's managed identity, the state in the
 * storage account's tables and queue (identity-based), the key events topic through Microsoft Entra ID, and security
 * domains in blobs the request names (never in files: they would go with the instance).
 */
final class AzureGraph {

    private AzureGraph() {
    }

    static AppGraph fromEnvironment() {
        return from(AppSettings.fromEnvironment());
    }

    /**
     * @throws com.cmkorchestrator.config.InvalidSettingException naming a required setting that is missing
     */
    static AppGraph from(AppSettings settings) {
        AzureConnection azure = AzureConnection.forAzure(settings.tenantId(), settings.subscriptionId(),
                settings.managedIdentityClientId().orElse(null));
        Clock clock = Clock.systemUTC();
        AzureState state = AzureState.connect(settings, clock);
        AppGraph.Builder graph = AppGraph.builder(settings, AzureAdapters.ports(azure,
                SecurityDomainStores.blobsOnly(BlobSecurityDomainStore.withIdentity(azure,
                        AppGraph.allowList(settings)))))
                .state(state.stores(), state.reconcileQueue())
                .appPrincipal(AppPrincipal.of(azure))
                // set by App Service for an app with authentication on (Microsoft.Identity.Web reads it the same way)
                .platformAuthentication("true".equalsIgnoreCase(System.getenv("WEBSITE_AUTH_ENABLED")))
                .clock(clock);
        settings.keyEventsTopicEndpoint().ifPresent(endpoint ->
                graph.publisher(EventGridKeyEventPublisher.withIdentity(endpoint, azure)));
        return graph.build();
    }
}
