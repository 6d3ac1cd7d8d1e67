package com.cmkorchestrator.adapters;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.storage.StorageManager;
import com.azure.security.keyvault.administration.KeyVaultAccessControlClient;
import com.azure.security.keyvault.administration.KeyVaultAccessControlClientBuilder;
import com.azure.security.keyvault.administration.KeyVaultSettingsClient;
import com.azure.security.keyvault.administration.KeyVaultSettingsClientBuilder;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where and as whom the adapters talk to Azure, and the SDK clients built from that - once per
 * process, since building an ARM manager or a Netty client per call is slow and leaks connections.
 *
 * <p>In Azure: the public cloud, {@code DefaultAzureCredential} (the app's user-assigned managed
 * identity) and the SDK's default HTTP client. Locally: the emulator's ARM endpoint, its token
 * credential and an HTTP client that trusts only the emulator's certificate. For the Managed HSM
 * data plane the emulator serves each HSM at {@code https://127.0.0.1:<port>}, a host that cannot
 * match the {@code managedhsm.azure.net} challenge resource, so locally (only) the Key Vault
 * clients skip the challenge-resource check with the builders' documented switch.
 */
public final class AzureConnection {
    private static final String MANAGED_HSM_SCOPE = "https://managedhsm.azure.net/.default";

    private final URI armEndpoint;
    private final AzureProfile profile;
    private final TokenCredential credential;
    private final HttpClient httpClient;
    private final boolean emulator;
    private final Map<Class<?>, Object> managers = new ConcurrentHashMap<>();
    private final Map<String, Object> dataPlaneClients = new ConcurrentHashMap<>();

    private AzureConnection(URI armEndpoint, AzureProfile profile, TokenCredential credential, HttpClient httpClient,
                            boolean emulator) {
        this.armEndpoint = armEndpoint;
        this.profile = profile;
        this.credential = credential;
        this.httpClient = httpClient;
        this.emulator = emulator;
    }

    /** Azure itself, as the app's user-assigned managed identity ({@code clientId}). */
    public static AzureConnection forAzure(String tenantId, String subscriptionId, String managedIdentityClientId) {
        TokenCredential credential = new DefaultAzureCredentialBuilder()
                .managedIdentityClientId(managedIdentityClientId).tenantId(tenantId).build();
        return new AzureConnection(URI.create(AzureEnvironment.AZURE.getResourceManagerEndpoint()),
                new AzureProfile(tenantId, subscriptionId, AzureEnvironment.AZURE), credential, null, false);
    }

    /** The bundled emulator at {@code armEndpoint}, trusting only its certificate. */
    public static AzureConnection forEmulator(URI armEndpoint, String tenantId, String subscriptionId,
                                              TokenCredential credential, Path trustStore, String trustStorePassword) {
        String endpoint = armEndpoint.toString().endsWith("/") ? armEndpoint.toString() : armEndpoint + "/";
        AzureEnvironment environment = new AzureEnvironment(Map.of(
                "resourceManagerEndpointUrl", endpoint,
                "managementEndpointUrl", endpoint,
                "activeDirectoryEndpointUrl", "https://login.microsoftonline.com/"));
        return new AzureConnection(URI.create(endpoint), new AzureProfile(tenantId, subscriptionId, environment),
                Objects.requireNonNull(credential, "credential"), TrustedHttpClients.trusting(trustStore, trustStorePassword),
                true);
    }

    public URI armEndpoint() { return armEndpoint; }

    public AzureProfile profile() { return profile; }

    public String subscriptionId() { return profile.getSubscriptionId(); }

    public String tenantId() { return profile.getTenantId(); }

    public boolean isEmulator() { return emulator; }

    public TokenCredential credential() { return credential; }

    public StorageManager storage() {
        return manager(StorageManager.class, () -> configure(StorageManager.configure()).authenticate(credential, profile));
    }

    public ComputeManager compute() {
        return manager(ComputeManager.class, () -> configure(ComputeManager.configure()).authenticate(credential, profile));
    }

    public MsiManager msi() {
        return manager(MsiManager.class, () -> configure(MsiManager.configure()).authenticate(credential, profile));
    }

    public KeyVaultManager keyVault() {
        return manager(KeyVaultManager.class, () -> configure(KeyVaultManager.configure()).authenticate(credential, profile));
    }

    public ResourceManager resources() {
        return manager(ResourceManager.class, () -> {
            ResourceManager.Configurable configurable = ResourceManager.configure();
            if (httpClient != null) {
                configurable = configurable.withHttpClient(httpClient);
            }
            return configurable.authenticate(credential, profile).withSubscription(profile.getSubscriptionId());
        });
    }

    public KeyClient keyClient(URI hsmUri) {
        return dataPlane("keys " + hsmUri, () -> {
            KeyClientBuilder builder = new KeyClientBuilder().vaultUrl(hsmUri.toString()).credential(credential);
            if (httpClient != null) {
                builder.httpClient(httpClient);
            }
            if (emulator) {
                builder.disableChallengeResourceVerification();
            }
            return builder.buildClient();
        });
    }

    public KeyVaultAccessControlClient accessControl(URI hsmUri) {
        return dataPlane("rbac " + hsmUri, () -> {
            KeyVaultAccessControlClientBuilder builder = new KeyVaultAccessControlClientBuilder()
                    .vaultUrl(hsmUri.toString()).credential(credential);
            if (httpClient != null) {
                builder.httpClient(httpClient);
            }
            if (emulator) {
                builder.disableChallengeResourceVerification();
            }
            return builder.buildClient();
        });
    }

    public KeyVaultSettingsClient settings(URI hsmUri) {
        return dataPlane("settings " + hsmUri, () -> {
            KeyVaultSettingsClientBuilder builder = new KeyVaultSettingsClientBuilder()
                    .vaultUrl(hsmUri.toString()).credential(credential);
            if (httpClient != null) {
                builder.httpClient(httpClient);
            }
            if (emulator) {
                builder.disableChallengeResourceVerification();
            }
            return builder.buildClient();
        });
    }

    /**
     * A pipeline for the Managed HSM REST calls that have no Java client (the security domain
     * download): bearer tokens for the Managed HSM resource, and the SDK's retry policy.
     */
    public HttpPipeline managedHsmPipeline() {
        return dataPlane("pipeline", () -> {
            HttpPipelineBuilder builder = new HttpPipelineBuilder()
                    .policies(new RetryPolicy(), new BearerTokenAuthenticationPolicy(credential, MANAGED_HSM_SCOPE));
            if (httpClient != null) {
                builder.httpClient(httpClient);
            }
            return builder.build();
        });
    }

    private <C extends com.azure.resourcemanager.resources.fluentcore.arm.AzureConfigurable<C>> C configure(C configurable) {
        return httpClient == null ? configurable : configurable.withHttpClient(httpClient);
    }

    @SuppressWarnings("unchecked")
    private <T> T manager(Class<T> type, java.util.function.Supplier<T> build) {
        return (T) managers.computeIfAbsent(type, key -> build.get());
    }

    @SuppressWarnings("unchecked")
    private <T> T dataPlane(String key, java.util.function.Supplier<T> build) {
        return (T) dataPlaneClients.computeIfAbsent(key, k -> build.get());
    }
}
