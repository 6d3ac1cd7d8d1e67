package com.cmkorchestrator.emulator.hsm;

import com.cmkorchestrator.emulator.hsm.keys.HsmProperties;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.administration.KeyVaultAccessControlClient;
import com.azure.security.keyvault.administration.KeyVaultAccessControlClientBuilder;
import com.azure.security.keyvault.administration.KeyVaultSettingsClient;
import com.azure.security.keyvault.administration.KeyVaultSettingsClientBuilder;
import com.azure.security.keyvault.administration.models.KeyVaultRoleScope;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.cmkorchestrator.emulator.EmulatorOptions;
import com.cmkorchestrator.emulator.auth.EmulatorTokenCredential;
import com.cmkorchestrator.emulator.inspect.RequestLog;
import com.cmkorchestrator.emulator.time.EmulatorClock;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.TlsMaterial;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * An HSM fleet running in-process on random loopback ports, and the real SDK clients pointed at
 * it: KeyClient, CryptographyClient, KeyVaultAccessControlClient, KeyVaultSettingsClient, plus a
 * plain azure-core pipeline for the REST calls that have no Java client (security domain) and for
 * replaying the REST examples. Clients trust only the emulator's own certificate (its PKCS12 trust
 * store), never everything.
 *
 * <p>The one deliberate client change: {@code disableChallengeResourceVerification()}. The Key Vault
 * clients accept a challenge's {@code resource} only if the request host ends with the resource's
 * host ({@code KeyVaultCredentialPolicy.isChallengeResourceValid}), which 127.0.0.1 never does for
 * {@code https://managedhsm.azure.net}.
 *
 * <p>Register one per test class ({@code @RegisterExtension static final HsmTestbed testbed = HsmTestbed.perClass();}):
 * after each test it purges every HSM (so one test's keys do not rotate while the next moves the
 * shared clock), after the class it stops the fleet and deletes its folder.
 */
final class HsmTestbed implements AutoCloseable, AfterEachCallback, AfterAllCallback {
    static final String TENANT = EmulatorOptions.DEFAULT_TENANT;
    static final String ADMIN = "a0a0a0a0-0000-4000-8000-00000000ad01";
    static final String OPERATOR = "0b0b0b0b-0000-4000-8000-00000000c001";

    final EmulatorClock clock = new EmulatorClock();
    final RequestLog requestLog = new RequestLog(clock);
    final TlsMaterial tls;
    final EmulatedHsmFleet fleet;
    final HttpClient httpClient;

    private final Path directory;

    private HsmTestbed(Path directory, HsmOptions options) {
        this.directory = directory;
        this.tls = TlsMaterial.generate(directory);
        this.fleet = new EmulatedHsmFleet(options, clock, tls, requestLog);
        this.httpClient = trustingEmulator(tls);
    }

    static HsmTestbed perClass() {
        Path directory = temporaryDirectory();
        return new HsmTestbed(directory, EmulatorOptions.forTests(directory).hsmOptions());
    }

    /** Role assignments take {@code roleAssignmentPropagation} of emulated time to take effect. */
    static HsmTestbed perClass(Duration roleAssignmentPropagation) {
        Path directory = temporaryDirectory();
        return new HsmTestbed(directory, EmulatorOptions.forTests(directory).hsmOptions()
                .withRoleAssignmentPropagation(roleAssignmentPropagation));
    }

    /** A testbed for one test, with its own options; close it (try-with-resources). */
    static HsmTestbed start(HsmOptions options) {
        return new HsmTestbed(temporaryDirectory(), options);
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("hsm-testbed");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpClient trustingEmulator(TlsMaterial tls) {
        return com.cmkorchestrator.emulator.support.AzureClients.httpClient(tls.trustStorePath(), tls.trustStorePassword());
    }

    static String newPrincipal() { return UUID.randomUUID().toString(); }

    /** A fresh, not yet activated HSM whose initial administrator is {@link #ADMIN}. */
    ManagedHsm provision() {
        return provision(HsmProperties.DEFAULTS);
    }

    ManagedHsm provision(HsmProperties properties) {
        String name = "hsm" + UUID.randomUUID().toString().substring(0, 8);
        return fleet.provision("/subscriptions/" + EmulatorOptions.DEFAULT_SUBSCRIPTION + "/resourceGroups/rg"
                + "/providers/Microsoft.KeyVault/managedHSMs/" + name, name, TENANT, List.of(ADMIN), properties);
    }

    /** Downloads the security domain as {@link #ADMIN}, which activates the HSM. */
    Rest.Answer activate(ManagedHsm hsm) {
        Rest.Answer answer = rest(ADMIN).post(hsm, "/securitydomain/download", WrappingCertificates.downloadRequest(3, 2));
        if (answer.status() != 202) {
            throw new IllegalStateException("activation failed: " + answer.status() + " " + answer.body());
        }
        return answer;
    }

    /** Provisioned, activated, and {@link #OPERATOR} holds Crypto User at {@code /}. */
    ManagedHsm activeHsmWithOperator() {
        return activeHsmWithOperator(HsmProperties.DEFAULTS);
    }

    ManagedHsm activeHsmWithOperator(HsmProperties properties) {
        ManagedHsm hsm = provision(properties);
        activate(hsm);
        access(hsm, ADMIN).createRoleAssignment(KeyVaultRoleScope.GLOBAL,
                com.cmkorchestrator.emulator.hsm.rbac.BuiltInRole.CRYPTO_USER.definitionId(), OPERATOR);
        return hsm;
    }

    EmulatorTokenCredential credential(String objectId) {
        return new EmulatorTokenCredential(objectId, TENANT);
    }

    private static RetryOptions noRetries() {
        return new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1)));
    }

    KeyClient keys(ManagedHsm hsm, String objectId) {
        return new KeyClientBuilder().vaultUrl(hsm.uri().toString()).credential(credential(objectId))
                .httpClient(httpClient).retryOptions(noRetries()).disableChallengeResourceVerification().buildClient();
    }

    CryptographyClient crypto(String keyId, String objectId) {
        return new CryptographyClientBuilder().keyIdentifier(keyId).credential(credential(objectId))
                .httpClient(httpClient).retryOptions(noRetries()).disableChallengeResourceVerification().buildClient();
    }

    KeyVaultAccessControlClient access(ManagedHsm hsm, String objectId) {
        return new KeyVaultAccessControlClientBuilder().vaultUrl(hsm.uri().toString()).credential(credential(objectId))
                .httpClient(httpClient).retryOptions(noRetries()).disableChallengeResourceVerification().buildClient();
    }

    KeyVaultSettingsClient settings(ManagedHsm hsm, String objectId) {
        return new KeyVaultSettingsClientBuilder().vaultUrl(hsm.uri().toString()).credential(credential(objectId))
                .httpClient(httpClient).retryOptions(noRetries()).disableChallengeResourceVerification().buildClient();
    }

    Rest rest(String objectId) {
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(httpClient)
                .policies(new BearerTokenAuthenticationPolicy(credential(objectId), "https://managedhsm.azure.net/.default"))
                .build();
        return new Rest(pipeline);
    }

    /** Plain REST through azure-core, with the api-version the keys SDK sends by default. */
    static final class Rest {
        static final String API_VERSION = "7.6";
        private final HttpPipeline pipeline;

        Rest(HttpPipeline pipeline) {
            this.pipeline = pipeline;
        }

        record Answer(int status, JsonNode body, HttpResponse response) {
            String header(String name) { return response.getHeaderValue(HttpHeaderName.fromString(name)); }

            String errorCode() { return body.path("error").path("code").asText(); }
        }

        Answer get(ManagedHsm hsm, String path) { return send(HttpMethod.GET, hsm, path, null); }

        Answer post(ManagedHsm hsm, String path, JsonNode body) { return send(HttpMethod.POST, hsm, path, body); }

        Answer send(HttpMethod method, ManagedHsm hsm, String pathAndQuery, JsonNode body) {
            String separator = pathAndQuery.contains("?") ? "&" : "?";
            String url = pathAndQuery.contains("api-version=") ? hsm.uri().resolve(pathAndQuery).toString()
                    : hsm.uri().resolve(pathAndQuery) + separator + "api-version=" + API_VERSION;
            return sendRaw(method, url, body == null ? null : body.toString());
        }

        Answer sendRaw(HttpMethod method, String url, String body) {
            HttpRequest request = new HttpRequest(method, url);
            if (body != null) {
                request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json").setBody(body);
            }
            HttpResponse response = pipeline.sendSync(request, com.azure.core.util.Context.NONE);
            String text = response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
            try {
                JsonNode json = text.isEmpty() ? MissingNode.getInstance() : EmuRequest.JSON.readTree(text);
                return new Answer(response.getStatusCode(), json, response);
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + text, e);
            }
        }
    }

    /** Purges every HSM, so that one test's keys do not rotate while the next test moves the clock. */
    void purgeAll() {
        fleet.all().forEach(hsm -> fleet.purge(hsm.armId()));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        purgeAll();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        fleet.close();
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
