package com.cmkorchestrator.emulator.support;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.storage.StorageManager;
import com.cmkorchestrator.emulator.Emulator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;

/**
 * The real Azure SDK clients, pointed at an emulator: an {@link AzureEnvironment} whose resource
 * manager endpoint is the emulator, a Netty HTTP client that trusts exactly the emulator's
 * certificate (its PKCS12 trust store, never trust-all), and the emulator's token credential.
 */
public final class AzureClients {
    private final Emulator emulator;
    private final HttpClient httpClient;
    private final AzureProfile profile;

    public AzureClients(Emulator emulator) {
        this.emulator = emulator;
        this.httpClient = httpClient(emulator);
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        String arm = emulator.armEndpoint().toString();
        endpoints.put("resourceManagerEndpointUrl", arm);
        endpoints.put("managementEndpointUrl", arm);
        this.profile = new AzureProfile(emulator.options().tenantId(), emulator.options().subscriptionId(),
                new AzureEnvironment(endpoints));
    }

    /** An HTTP client whose TLS trusts the emulator's trust store only. */
    public static HttpClient httpClient(Emulator emulator) {
        return httpClient(emulator.trustStorePath(), emulator.trustStorePassword());
    }

    /** The same, from the trust store file the emulator wrote. */
    public static HttpClient httpClient(java.nio.file.Path trustStorePath, String trustStorePassword) {
        try (InputStream in = Files.newInputStream(trustStorePath)) {
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(in, trustStorePassword.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore);
            SslContext ssl = SslContextBuilder.forClient().trustManager(trust).build();
            return new NettyAsyncHttpClientBuilder(
                    reactor.netty.http.client.HttpClient.create().secure(spec -> spec.sslContext(ssl))).build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot build an HTTP client trusting the emulator", e);
        }
    }

    public HttpClient httpClient() { return httpClient; }

    public AzureProfile profile() { return profile; }

    public TokenCredential as(String objectId) { return emulator.credential(objectId); }

    public ResourceManager resources(String objectId) {
        return ResourceManager.configure().withHttpClient(httpClient).authenticate(as(objectId), profile)
                .withSubscription(profile.getSubscriptionId());
    }

    public MsiManager msi(String objectId) {
        return MsiManager.configure().withHttpClient(httpClient).authenticate(as(objectId), profile);
    }

    public StorageManager storage(String objectId) {
        return StorageManager.configure().withHttpClient(httpClient).authenticate(as(objectId), profile);
    }

    public ComputeManager compute(String objectId) {
        return ComputeManager.configure().withHttpClient(httpClient).authenticate(as(objectId), profile);
    }

    public KeyVaultManager keyVault(String objectId) {
        return KeyVaultManager.configure().withHttpClient(httpClient).authenticate(as(objectId), profile);
    }
}
