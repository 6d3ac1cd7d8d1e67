package com.cmkorchestrator.state.azure;

import com.cmkorchestrator.config.AppSettings;
import com.cmkorchestrator.config.InvalidSettingException;
import com.cmkorchestrator.state.StateStores;
import com.cmkorchestrator.testsupport.Azurite;
import com.cmkorchestrator.testsupport.AzuriteExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(AzuriteExtension.class)
class StorageClientsTest {

    @Test
    void inAzureTheClientsReachTheAccountEndpointsThroughTheManagedIdentity() {
        AppSettings settings = AppSettings.from(Map.of(
                AppSettings.AzureWebJobsStorage__accountName, "stcmkorchestrator",
                AppSettings.CMK_AZURE_CLIENT_ID, "11111111-2222-3333-4444-555555555555"));

        StorageClients clients = StorageClients.fromSettings(settings);

        assertThat(clients.tables().getServiceEndpoint()).isEqualTo("https://stcmkorchestrator.table.core.windows.net");
        assertThat(clients.queues().getQueueServiceUrl()).isEqualTo("https://stcmkorchestrator.queue.core.windows.net");
    }

    @Test
    void aConnectionStringWinsOverTheAccountNameForLocalRuns(Azurite azurite) {
        AppSettings settings = AppSettings.from(Map.of(
                AppSettings.AzureWebJobsStorage__accountName, "stcmkorchestrator",
                AppSettings.CMK_STORAGE_CONNECTION_STRING, azurite.connectionString()));

        StorageClients clients = StorageClients.fromSettings(settings);

        assertThat(clients.tables().getServiceEndpoint()).startsWith("http://127.0.0.1:");
    }

    @Test
    void withoutAccountOrConnectionStringTheErrorNamesBothSettings() {
        assertThatThrownBy(() -> StorageClients.fromSettings(AppSettings.from(Map.of())))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(AppSettings.AzureWebJobsStorage__accountName)
                .hasMessageContaining(AppSettings.CMK_STORAGE_CONNECTION_STRING);
    }

    @Test
    void connectingFromSettingsCreatesTheTablesAndQueuesItNames(Azurite azurite) {
        String prefix = Azurite.uniqueTablePrefix();
        String queueName = Azurite.uniqueQueueName();
        AppSettings settings = AppSettings.from(Map.of(
                AppSettings.CMK_STORAGE_CONNECTION_STRING, azurite.connectionString(),
                AppSettings.CMK_STATE_TABLE_PREFIX, prefix,
                AppSettings.CMK_RECONCILE_QUEUE, queueName,
                AppSettings.CMK_MAX_RECONCILE_ATTEMPTS, "4"));

        AzureState state = AzureState.connect(settings, Clock.systemUTC());

        StateStores stores = state.stores();
        stores.bindings().create("orders-db", "{}");
        assertThat(azurite.tableServiceClient().listTables().stream().map(table -> table.getName()))
                .contains(prefix + "bindings", prefix + "hsmrequests", prefix + "watermarks", prefix + "keyevents",
                        prefix + "findings");
        // getProperties fails for a queue that does not exist (Azurite's listQueues rejects the SDK's query)
        assertThat(azurite.queueServiceClient().getQueueClient(queueName).getProperties()).isNotNull();
        assertThat(azurite.queueServiceClient().getQueueClient(queueName + "-poison").getProperties()).isNotNull();
        assertThat(state.reconcileQueue().maxAttempts()).isEqualTo(4);
    }
}
