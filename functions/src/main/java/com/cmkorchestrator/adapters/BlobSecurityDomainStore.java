package com.cmkorchestrator.adapters;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobClientBuilder;
import com.azure.storage.blob.BlobUrlParts;
import com.azure.storage.blob.models.BlobStorageException;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.ports.EncryptedSecurityDomain;
import com.cmkorchestrator.core.ports.SecurityDomainStore;
import com.cmkorchestrator.core.safety.ScopeAllowList;

import java.net.URI;
import java.util.Locale;
import java.util.function.Function;

/**
 * Keeps a downloaded security domain in a blob: {@code activation.destination} is the blob's URL
 * ({@code https://<account>.blob.core.windows.net/<container>/<name>}). The blob is created, never overwritten
 * ({@code If-None-Match: *}), and nothing of its content is logged. In Azure the app's managed identity writes it, so
 * it needs "Storage Blob Data Contributor" on that container (bicep/README.md); the container should have a
 * retention policy of its own, since this blob is the HSM's only recovery material besides the private keys.
 *
 * <p>With the identity, a destination is first resolved through ARM ({@link BlobDestinations}): only a blob of a
 * storage account inside the allow-list, at the endpoint ARM reports for it, is ever sent a token, and the client
 * can hold a storage token only and talk to that endpoint only.
 */
public final class BlobSecurityDomainStore implements SecurityDomainStore {

    private final Function<String, BlobClient> clients;

    private BlobSecurityDomainStore(Function<String, BlobClient> clients) {
        this.clients = clients;
    }

    /** As the app's managed identity (Microsoft Entra ID), the way it runs in Azure. */
    public static BlobSecurityDomainStore withIdentity(AzureConnection azure, ScopeAllowList allowList) {
        BlobDestinations destinations = new BlobDestinations(azure, allowList);
        TokenCredential storageOnly = azure.credentialFor(AzureConnection.STORAGE_SCOPE);
        return new BlobSecurityDomainStore(destination -> {
            BlobDestinations.Blob blob = destinations.resolve(destination);
            return pinnedClient(blob.endpoint(), storageOnly, azure.httpClient(), blob.container(), blob.name());
        });
    }

    /** With a storage connection string (Azurite in tests and the local run); the URL names container and blob. */
    public static BlobSecurityDomainStore withConnectionString(String connectionString) {
        return new BlobSecurityDomainStore(destination -> {
            BlobUrlParts parts = parts(destination);
            return new BlobClientBuilder().connectionString(connectionString)
                    .containerName(parts.getBlobContainerName()).blobName(parts.getBlobName())
                    .retryOptions(SdkRetries.OFF).buildClient();
        });
    }

    /**
     * A client for one blob that can only send to {@code endpoint}'s origin, with {@code credential} (a confined
     * one): what {@link #withIdentity} builds once a destination has passed.
     */
    static BlobClient pinnedClient(URI endpoint, TokenCredential credential, HttpClient httpClient, String container,
                                   String name) {
        BlobClientBuilder builder = new BlobClientBuilder().endpoint(endpoint.toString()).credential(credential)
                .containerName(container).blobName(name).addPolicy(PinnedOrigin.to(endpoint))
                .retryOptions(SdkRetries.OFF);
        return (httpClient == null ? builder : builder.httpClient(httpClient)).buildClient();
    }

    /** Whether {@code destination} is a URL this store is meant for (the composite store routes on it). */
    public static boolean handles(String destination) {
        String lower = destination.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    @Override
    public void validate(String destination) {
        clients.apply(destination); // resolving the destination and building its client sends nothing
    }

    @Override
    public void check(String destination, ArmId hsm) {
        BlobClient blob = clients.apply(destination);
        boolean exists;
        try {
            exists = blob.exists();
        } catch (BlobStorageException e) {
            throw new IllegalArgumentException("the blob " + destination + " cannot be reached (HTTP " + e.getStatusCode()
                    + " " + e.getErrorCode() + "): the app needs Storage Blob Data Contributor on its container", e);
        }
        if (exists) {
            throw new IllegalArgumentException(destination + " exists already and is never overwritten");
        }
    }

    @Override
    public void store(String destination, ArmId hsm, EncryptedSecurityDomain securityDomain) {
        try {
            clients.apply(destination).upload(BinaryData.fromString(securityDomain.value()), false);
        } catch (BlobStorageException e) {
            // the message carries Azure's code and status, never the content
            throw new AzureCallException("PUT " + destination, e.getStatusCode(),
                    e.getErrorCode() == null ? null : e.getErrorCode().toString(),
                    "the security domain of " + hsm.resourceName() + " was not stored", null, null);
        }
    }

    private static BlobUrlParts parts(String destination) {
        URI uri;
        try {
            uri = URI.create(destination);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + destination + "' is not a URL", e);
        }
        boolean loopback = "127.0.0.1".equals(uri.getHost()) || "localhost".equalsIgnoreCase(uri.getHost());
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !(loopback && "http".equalsIgnoreCase(uri.getScheme()))) {
            throw new IllegalArgumentException("'" + destination + "' must be an https blob URL (plain http only to a"
                    + " local emulator)");
        }
        BlobUrlParts parts = BlobUrlParts.parse(destination);
        if (parts.getBlobContainerName() == null || parts.getBlobContainerName().isBlank()
                || parts.getBlobName() == null || parts.getBlobName().isBlank()) {
            throw new IllegalArgumentException("'" + destination + "' names no container and blob");
        }
        return parts;
    }
}
