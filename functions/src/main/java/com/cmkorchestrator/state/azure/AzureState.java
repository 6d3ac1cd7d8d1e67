package com.cmkorchestrator.state.azure;

import com.azure.data.tables.TableServiceClient;
import com.azure.storage.queue.QueueServiceClient;
import com.cmkorchestrator.config.AppSettings;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.StateStores;

import java.time.Clock;

/**
 * The app's state in Azure Storage: tables named {@code <prefix>bindings}, {@code <prefix>hsmrequests},
 * {@code <prefix>watermarks}, {@code <prefix>keyevents}, {@code <prefix>findings}, {@code <prefix>leases},
 * {@code <prefix>keys} (the keys the app owns), {@code <prefix>pending} (work waiting in the queue), {@code <prefix>slots}
 * (which binding owns each resource key slot), and the reconcile queue. Tables and queues are created when missing,
 * once, when this is built.
 *
 * @param stores the table-backed stores
 * @param reconcileQueue the work queue
 */
public record AzureState(StateStores stores, ReconcileQueue reconcileQueue) {

    /** Connects as the settings say (see {@link StorageClients#fromSettings}). */
    public static AzureState connect(AppSettings settings, Clock clock) {
        return connect(settings, clock, instanceName());
    }

    /** The same, taking leases as {@code instance} (several development hosts on one machine name themselves). */
    public static AzureState connect(AppSettings settings, Clock clock, String instance) {
        StorageClients clients = StorageClients.fromSettings(settings);
        return new AzureState(
                stores(clients.tables(), settings.stateTablePrefix(), clock, instance),
                reconcileQueue(clients.queues(), settings.reconcileQueue(), settings.maxReconcileAttempts()));
    }

    /** The stores on tables whose names start with {@code prefix}. */
    public static StateStores stores(TableServiceClient tables, String prefix, Clock clock) {
        return stores(tables, prefix, clock, instanceName());
    }

    /** The same, taking leases as {@code instance}. */
    public static StateStores stores(TableServiceClient tables, String prefix, Clock clock, String instance) {
        EntityTable leases = table(tables, prefix + "leases");
        return new StateStores(
                new TableSpecStore("binding", table(tables, prefix + "bindings"), clock),
                new TableSpecStore("HSM request", table(tables, prefix + "hsmrequests"), clock),
                new TableBridgeWatermarkStore(table(tables, prefix + "watermarks"), table(tables, prefix + "keyevents"),
                        clock),
                new TableFindingStore(table(tables, prefix + "findings")),
                new TableLeases(leases, instance, clock),
                new TablePacing(leases, clock),
                new TableOwnedKeys(table(tables, prefix + "keys")),
                new TablePendingWork(table(tables, prefix + "pending"), clock),
                new TableSlotIndex(table(tables, prefix + "slots"), clock));
    }

    /**
     * The name this instance takes leases under: the Functions platform's instance ID where it runs, else the host
     * name; with a random suffix, since two processes on one host are two instances.
     */
    public static String instanceName() {
        String instance = System.getenv("WEBSITE_INSTANCE_ID");
        if (instance == null || instance.isBlank()) {
            try {
                instance = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                instance = "instance";
            }
        }
        String name = instance.length() > 40 ? instance.substring(0, 40) : instance;
        return name + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** The work queue {@code name} and its {@code <name>-poison} queue. */
    public static ReconcileQueue reconcileQueue(QueueServiceClient queues, String name, int maxAttempts) {
        return new StorageReconcileQueue(queues, name, maxAttempts);
    }

    private static EntityTable table(TableServiceClient tables, String name) {
        tables.createTableIfNotExists(name);
        return new EntityTable(tables.getTableClient(name));
    }
}
