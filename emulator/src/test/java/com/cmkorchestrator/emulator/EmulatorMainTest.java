package com.cmkorchestrator.emulator;

import com.cmkorchestrator.emulator.ratelimit.ArmRateLimits;
import com.cmkorchestrator.emulator.ratelimit.BucketSize;
import com.cmkorchestrator.emulator.ratelimit.OperationClass;
import com.cmkorchestrator.emulator.ratelimit.ProviderPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line, run as a separate process the way {@code java -jar cmk-emulator.jar} runs it. */
class EmulatorMainTest {

    @Test
    void theFirstLineOfStdoutSaysHowToReachAndTrustTheEmulatorAndHowItsTimeRuns(@TempDir Path state) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                EmulatorMain.class.getName(), "--arm-port", "0", "--state-dir", state.toString(), "--time-scale", "2"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String firstLine = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
            JsonNode info = new ObjectMapper().readTree(firstLine);

            assertThat(info.path("armEndpoint").asText()).startsWith("https://127.0.0.1:");
            assertThat(info.path("adminEndpoint").asText()).endsWith("/_emulator/");
            assertThat(info.path("tenantId").asText()).isEqualTo(EmulatorOptions.DEFAULT_TENANT);
            assertThat(info.path("subscriptionId").asText()).isEqualTo(EmulatorOptions.DEFAULT_SUBSCRIPTION);
            assertThat(info.path("credential").path("type").asText()).endsWith("EmulatorTokenCredential");
            assertThat(info.path("databricksAppObjectId").asText())
                    .isEqualTo(EmulatorOptions.DEFAULT_DATABRICKS_APP_OBJECT_ID);
            assertThat(info.path("timing").path("timeScale").asDouble()).isEqualTo(2.0);
            assertThat(info.path("timing").path("hsmProvisioning").asText()).isEqualTo("PT2M");
            assertThat(info.path("timing").path("rolePropagation").asText()).isEqualTo("PT30S");
            JsonNode clock = get(info, info.path("adminEndpoint").asText() + "clock");
            assertThat(clock.path("timeScale").asDouble()).isEqualTo(2.0);
        } finally {
            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theThrottlingNumbersAndThePageSizeAreFlags() {
        EmulatorMain main = new EmulatorMain();
        EmulatorMain.commandLine(main).parseArgs("--arm-writes", "50/5", "--arm-global-factor", "3",
                "--compute-disk-writes", "10/20", "--page-size", "7");

        EmulatorOptions options = main.options();

        assertThat(options.rateLimits().writes()).isEqualTo(new BucketSize(50, 5));
        assertThat(options.rateLimits().global(OperationClass.WRITES)).isEqualTo(new BucketSize(150, 15));
        assertThat(options.rateLimits().reads()).isEqualTo(ArmRateLimits.azure().reads());
        assertThat(options.rateLimits().diskWrites()).isEqualTo(new ProviderPolicy("Microsoft.Compute/CreateUpdateDisks", 10, 20));
        assertThat(options.listPageSize()).isEqualTo(7);
    }

    /** A GET trusting only the trust store the first line names. */
    private static JsonNode get(JsonNode info, String url) throws Exception {
        KeyStore trustStore = KeyStore.getInstance(info.path("trustStoreType").asText());
        try (InputStream in = Files.newInputStream(Path.of(info.path("trustStorePath").asText()))) {
            trustStore.load(in, info.path("trustStorePassword").asText().toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        HttpResponse<String> response = HttpClient.newBuilder().sslContext(tls).build()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body());
    }
}
