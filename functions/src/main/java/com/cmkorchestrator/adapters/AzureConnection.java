package com.cmkorchestrator.adapters;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.client.traits.HttpTrait;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.fluentcore.arm.AzureConfigurable;
import com.azure.resourcemanager.storage.StorageManager;
import com.azure.security.keyvault.administration.KeyVaultAccessControlClient;
import com.azure.security.keyvault.administration.KeyVaultAccessControlClientBuilder;
import com.azure.security.keyvault.administration.KeyVaultSettingsClient;
import com.azure.security.keyvault.administration.KeyVaultSettingsClientBuilder;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.cmkorchestrator.adapters.pacing.ArmBudget;
import com.cmkorchestrator.adapters.pacing.ArmLimits;
import com.cmkorchestrator.adapters.pacing.ArmPacing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

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
 *
 * <p>No client retries: the SDK's retry policy is off on each ({@link SdkRetries}), since the app's one retry is
 * the next pass through the reconcile queue ({@code retry/Retries}). Every ARM client paces its requests through
 * the connection's one {@link ArmBudget} ({@link ArmPacing}): one budget per process, learnt from what ARM reports,
 * so that instances that never talk share ARM's buckets (docs/concurrency.md section 3).
 *
 * <p>ARM managers are per subscription (an ARM ID names its own, and the scope allow-list may span
 * several); Key Vault clients are per HSM URI.
 */
public final class AzureConnection {
    private static final String MANAGED_HSM_SCOPE = "https://managedhsm.azure.net/.default";
    static final String STORAGE_SCOPE = "https://storage.azure.com/.default";
    public static final String EVENT_GRID_SCOPE = "https://eventgrid.azure.net/.default";

    private final URI armEndpoint;
    private final AzureProfile profile;
    private final TokenCredential credential;
    private final HttpClient httpClient;
    private final boolean emulator;
    private final ArmBudget armBudget;
    private final Map<String, Object> clients = new ConcurrentHashMap<>();

    private AzureConnection(URI armEndpoint, AzureProfile profile, TokenCredential credential, HttpClient httpClient,
                            boolean emulator, ArmBudget armBudget) {
        this.armEndpoint = armEndpoint;
        this.profile = profile;
        this.credential = credential;
        this.httpClient = httpClient;
        this.emulator = emulator;
        this.armBudget = armBudget;
    }

    /** Azure itself, as the app's user-assigned managed identity ({@code clientId}). */
    public static AzureConnection forAzure(String tenantId, String subscriptionId, String managedIdentityClientId) {
        TokenCredential credential = new DefaultAzureCredentialBuilder()
                .managedIdentityClientId(managedIdentityClientId).tenantId(tenantId).build();
        return new AzureConnection(URI.create(AzureEnvironment.AZURE.getResourceManagerEndpoint()),
                new AzureProfile(tenantId, subscriptionId, AzureEnvironment.AZURE), credential, null, false,
                ArmBudget.fromHeaders(ArmLimits.azure(), Clock.systemUTC()));
    }

    /** The bundled emulator at {@code armEndpoint}, trusting only its certificate. */
    public static AzureConnection forEmulator(URI armEndpoint, String tenantId, String subscriptionId,
                                              TokenCredential credential, Path trustStore, String trustStorePassword) {
        String endpoint = armEndpoint.toString().endsWith("/") ? armEndpoint.toString() : armEndpoint + "/";
        // Azure's other endpoints stay as they are: nothing here calls them, and the SDK expects the keys present
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", endpoint);
        endpoints.put("managementEndpointUrl", endpoint);
        return new AzureConnection(URI.create(endpoint),
                new AzureProfile(tenantId, subscriptionId, new AzureEnvironment(endpoints)),
                Objects.requireNonNull(credential, "credential"),
                TrustedHttpClients.trusting(trustStore, trustStorePassword), true,
                ArmBudget.fromHeaders(ArmLimits.azure(), Clock.systemUTC()));
    }

    /**
     * The same place and principal as another process would reach it: its own clients, paced by {@code budget}
     * (tests: several instances in one JVM, or a budget that never waits).
     */
    public AzureConnection withArmBudget(ArmBudget budget) {
        return new AzureConnection(armEndpoint, profile, credential, httpClient, emulator,
                Objects.requireNonNull(budget, "budget"));
    }

    public URI armEndpoint() { return armEndpoint; }

    public AzureProfile profile() { return profile; }

    public String subscriptionId() { return profile.getSubscriptionId(); }

    public String tenantId() { return profile.getTenantId(); }

    public boolean isEmulator() { return emulator; }

    public TokenCredential credential() { return credential; }

    /**
     * The app's credential, able to issue tokens for {@code scopes} in this tenant only (see {@link ConfinedCredential}):
     * every client is built with the one for its own service.
     */
    public TokenCredential credentialFor(String... scopes) {
        return ConfinedCredential.to(credential, profile.getTenantId(), scopes);
    }

    /** The HTTP client every SDK client uses: null for the SDK's default, or the one trusting only the emulator. */
    HttpClient httpClient() { return httpClient; }

    public StorageManager storage() { return storage(subscriptionId()); }

    public StorageManager storage(String subscriptionId) {
        return cached("storage " + subscriptionId,
                () -> configure(StorageManager.configure()).authenticate(armCredential(), profileFor(subscriptionId)));
    }

    public ComputeManager compute() { return compute(subscriptionId()); }

    public ComputeManager compute(String subscriptionId) {
        return cached("compute " + subscriptionId,
                () -> configure(ComputeManager.configure()).authenticate(armCredential(), profileFor(subscriptionId)));
    }

    public MsiManager msi() { return msi(subscriptionId()); }

    public MsiManager msi(String subscriptionId) {
        return cached("msi " + subscriptionId,
                () -> configure(MsiManager.configure()).authenticate(armCredential(), profileFor(subscriptionId)));
    }

    public KeyVaultManager keyVault() { return keyVault(subscriptionId()); }

    public KeyVaultManager keyVault(String subscriptionId) {
        return cached("keyvault " + subscriptionId,
                () -> configure(KeyVaultManager.configure()).authenticate(armCredential(), profileFor(subscriptionId)));
    }

    public ResourceManager resources() { return resources(subscriptionId()); }

    public ResourceManager resources(String subscriptionId) {
        return cached("resources " + subscriptionId, () -> configure(ResourceManager.configure())
                .authenticate(armCredential(), profileFor(subscriptionId)).withSubscription(subscriptionId));
    }

    public KeyClient keyClient(URI hsmUri) {
        return cached("keys " + hsmUri, () -> {
            KeyClientBuilder builder = transport(new KeyClientBuilder().vaultUrl(hsmUri.toString()).credential(credentialFor(MANAGED_HSM_SCOPE))
                    .addPolicy(PinnedOrigin.to(hsmUri)));
            return (emulator ? builder.disableChallengeResourceVerification() : builder).buildClient();
        });
    }

    public KeyVaultAccessControlClient accessControl(URI hsmUri) {
        return cached("rbac " + hsmUri, () -> {
            KeyVaultAccessControlClientBuilder builder = transport(new KeyVaultAccessControlClientBuilder()
                    .vaultUrl(hsmUri.toString()).credential(credentialFor(MANAGED_HSM_SCOPE))
                    .addPolicy(PinnedOrigin.to(hsmUri)));
            return (emulator ? builder.disableChallengeResourceVerification() : builder).buildClient();
        });
    }

    public KeyVaultSettingsClient settings(URI hsmUri) {
        return cached("settings " + hsmUri, () -> {
            KeyVaultSettingsClientBuilder builder = transport(new KeyVaultSettingsClientBuilder()
                    .vaultUrl(hsmUri.toString()).credential(credentialFor(MANAGED_HSM_SCOPE))
                    .addPolicy(PinnedOrigin.to(hsmUri)));
            return (emulator ? builder.disableChallengeResourceVerification() : builder).buildClient();
        });
    }

    /**
     * A pipeline for the Managed HSM REST calls that have no Java client (the security domain
     * download) on one HSM: bearer tokens for the Managed HSM resource only, requests to that HSM only,
     * and no retry policy (the download is not idempotent: a second one would make a security domain nobody
     * keeps). No logging policy, so neither the request nor the response body (the security domain) can reach a log.
     */
    public HttpPipeline managedHsmPipeline(URI hsmUri) {
        return cached("pipeline " + hsmUri, () -> {
            HttpPipelineBuilder builder = new HttpPipelineBuilder().policies(
                    new BearerTokenAuthenticationPolicy(credentialFor(MANAGED_HSM_SCOPE), MANAGED_HSM_SCOPE),
                    PinnedOrigin.to(hsmUri));
            if (httpClient != null) {
                builder.httpClient(httpClient);
            }
            return builder.build();
        });
    }

    /** Tokens for ARM only, whichever of the environment's two names for it a client asks with. */
    private TokenCredential armCredential() {
        AzureEnvironment environment = profile.getEnvironment();
        return credentialFor(environment.getResourceManagerEndpoint() + "/.default",
                environment.getManagementEndpoint() + "/.default");
    }

    private AzureProfile profileFor(String subscriptionId) {
        return subscriptionId.equals(profile.getSubscriptionId()) ? profile
                : new AzureProfile(profile.getTenantId(), subscriptionId, profile.getEnvironment());
    }

    private <C extends AzureConfigurable<C>> C configure(C configurable) {
        C paced = configurable.withPolicy(new ArmPacing(armBudget)).withPolicy(PinnedOrigin.to(armEndpoint));
        C configured = httpClient == null ? paced : paced.withHttpClient(httpClient);
        return configured.withRetryOptions(SdkRetries.OFF);
    }

    private <B extends HttpTrait<B>> B transport(B builder) {
        B configured = httpClient == null ? builder : builder.httpClient(httpClient);
        return configured.retryOptions(SdkRetries.OFF);
    }

    @SuppressWarnings("unchecked")
    private <T> T cached(String key, Supplier<T> build) {
        return (T) clients.computeIfAbsent(key, k -> build.get());
    }
}
