package com.cmkorchestrator.state.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import com.cmkorchestrator.config.AppSettings;
import com.cmkorchestrator.config.InvalidSettingException;

/**
 * The Table and Queue service clients of the state storage account, built once per process.
 * In Azure: identity-based, from {@value AppSettings#AzureWebJobsStorage__accountName} and the app's
 * managed identity (no keys anywhere). Locally and in tests: a connection string to Azurite.
 *
 * @param tables the Table service
 * @param queues the Queue service
 */
public record StorageClients(TableServiceClient tables, QueueServiceClient queues) {

    /**
     * Chooses the connection the settings describe: {@value AppSettings#CMK_STORAGE_CONNECTION_STRING}
     * when set (local runs), otherwise the account through managed identity.
     *
     * @throws InvalidSettingException when neither is set
     */
    public static StorageClients fromSettings(AppSettings settings) {
        if (settings.storageConnectionString().isPresent()) {
            return fromConnectionString(settings.storageConnectionString().get());
        }
        String account = settings.storageAccountName().orElseThrow(() -> InvalidSettingException.of(
                AppSettings.AzureWebJobsStorage__accountName, "the state storage account is not configured: set "
                        + AppSettings.AzureWebJobsStorage__accountName + " (Azure) or "
                        + AppSettings.CMK_STORAGE_CONNECTION_STRING + " (local runs)"));
        DefaultAzureCredentialBuilder credential = new DefaultAzureCredentialBuilder();
        settings.managedIdentityClientId().ifPresent(credential::managedIdentityClientId);
        return forAccount(account, credential.build());
    }

    /** Identity-based clients for {@code https://<account>.table|queue.core.windows.net}. */
    public static StorageClients forAccount(String account, TokenCredential credential) {
        return new StorageClients(
                new TableServiceClientBuilder()
                        .endpoint("https://" + account + ".table.core.windows.net")
                        .credential(credential)
                        .buildClient(),
                new QueueServiceClientBuilder()
                        .endpoint("https://" + account + ".queue.core.windows.net")
                        .credential(credential)
                        .buildClient());
    }

    /** Clients from a storage connection string: Azurite's, or {@code UseDevelopmentStorage=true}. */
    public static StorageClients fromConnectionString(String connectionString) {
        return new StorageClients(
                new TableServiceClientBuilder().connectionString(connectionString).buildClient(),
                new QueueServiceClientBuilder().connectionString(connectionString).buildClient());
    }
}
