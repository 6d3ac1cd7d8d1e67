package com.cmkorchestrator.testsupport;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;

import java.security.SecureRandom;

/**
 * A running Azurite, as tests see it. Hand it to the code under test as a connection string, or ask
 * for ready clients. Names from {@link #uniqueTablePrefix()} / {@link #uniqueQueueName()} keep tests
 * sharing this one instance from seeing each other's data.
 *
 * @param connectionString a storage connection string for the Table and Queue endpoints
 */
public record Azurite(String connectionString) {

    /**
     * Azurite's well-known development account key, published in Azurite's documentation. It opens
     * nothing but a local emulator; it must never appear outside test and local-run code.
     */
    static final String DEV_ACCOUNT = "devstoreaccount1";
    static final String DEV_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    /**
     * The connection string of the development account at these endpoints (e.g. {@code http://127.0.0.1:10002/devstoreaccount1});
     * {@code blobEndpoint} may be null when the running Azurite's blob service is not known.
     */
    static Azurite at(String tableEndpoint, String queueEndpoint, String blobEndpoint) {
        return new Azurite("DefaultEndpointsProtocol=http;AccountName=" + DEV_ACCOUNT + ";AccountKey=" + DEV_KEY
                + ";TableEndpoint=" + tableEndpoint + ";QueueEndpoint=" + queueEndpoint + ";"
                + (blobEndpoint == null ? "" : "BlobEndpoint=" + blobEndpoint + ";"));
    }

    /** The blob endpoint of this connection string, if it has one. */
    public java.util.Optional<String> blobEndpoint() {
        return java.util.Arrays.stream(connectionString.split(";")).filter(part -> part.startsWith("BlobEndpoint="))
                .map(part -> part.substring("BlobEndpoint=".length())).findFirst();
    }

    /** A blob container name no other test uses. */
    public static String uniqueContainerName() {
        return "c-" + random(12);
    }

    public TableServiceClient tableServiceClient() {
        return new TableServiceClientBuilder().connectionString(connectionString).buildClient();
    }

    public QueueServiceClient queueServiceClient() {
        return new QueueServiceClientBuilder().connectionString(connectionString).buildClient();
    }

    /** A table-name prefix no other test uses: a letter and 11 letters or digits. */
    public static String uniqueTablePrefix() {
        return "t" + random(11);
    }

    /** A queue name no other test uses (short enough for its {@code -poison} companion). */
    public static String uniqueQueueName() {
        return "q-" + random(12);
    }

    private static String random(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHANUMERIC[RANDOM.nextInt(ALPHANUMERIC.length)];
        }
        return new String(chars);
    }
}
