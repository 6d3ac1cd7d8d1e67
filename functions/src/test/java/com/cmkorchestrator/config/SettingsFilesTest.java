package com.cmkorchestrator.config;

import com.cmkorchestrator.testsupport.RepoRoot;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The repository's settings files agree with {@link AppSettings} and with each other. */
class SettingsFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The Functions host's own settings a local run needs (func start against Azurite). */
    private static final List<String> LOCAL_HOST_SETTINGS = List.of("FUNCTIONS_WORKER_RUNTIME", "AzureWebJobsStorage");

    @Test
    void theSampleLocalSettingsHoldExactlyTheAppSettingsAndTheHostSettingsOfALocalRun()
            throws IOException {
        List<String> names = new ArrayList<>();
        sampleValues().fieldNames().forEachRemaining(names::add);

        assertThat(names).containsExactlyInAnyOrderElementsOf(withLocalHostSettings());
        assertThat(sampleValues().get("FUNCTIONS_WORKER_RUNTIME").asText()).isEqualTo("java");
    }

    @Test
    void theSampleValuesAreValidSettings() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        sampleValues().fields().forEachRemaining(entry -> values.put(entry.getKey(), entry.getValue().asText()));

        AppSettings settings = AppSettings.from(values);

        assertThat(settings.subscriptionId()).isNotBlank();
        assertThat(settings.scopeAllowList()).isNotEmpty();
    }

    @Test
    void theSampleHoldsNoKeysOrPasswords() throws IOException {
        String sample = Files.readString(RepoRoot.resolve("local.settings.sample.json"));

        assertThat(sample).doesNotContainIgnoringCase("AccountKey=").doesNotContainIgnoringCase("SharedAccessSignature")
                .doesNotContainIgnoringCase("InstrumentationKey=");
        assertThat(sampleValues().get(AppSettings.CMK_EMULATOR_TRUST_STORE_PASSWORD).asText()).isEmpty();
    }

    @Test
    void theReadmeHasOneRowPerSettingOfTheSample() throws IOException {
        String doc = Files.readString(RepoRoot.resolve("README.md"));
        Matcher rows = Pattern.compile("(?m)^\\| `([A-Za-z_]+)` \\|").matcher(doc);
        List<String> documented = new ArrayList<>();
        while (rows.find()) {
            documented.add(rows.group(1));
        }

        assertThat(documented).containsExactlyInAnyOrderElementsOf(withLocalHostSettings());
    }

    @Test
    void hostJsonUsesExtensionBundle4AndTheQueueEncodingTheAppWrites() throws IOException {
        JsonNode host = JSON.readTree(RepoRoot.resolve("host.json").toFile());

        assertThat(host.path("version").asText()).isEqualTo("2.0");
        assertThat(host.path("extensionBundle").path("id").asText()).isEqualTo("Microsoft.Azure.Functions.ExtensionBundle");
        assertThat(host.path("extensionBundle").path("version").asText()).isEqualTo("[4.*, 5.0.0)");
        JsonNode queues = host.path("extensions").path("queues");
        // what StorageReconcileQueue writes (the attempt count is retry/RetriesTest's)
        assertThat(queues.path("messageEncoding").asText()).isEqualTo("base64");
    }

    private static List<String> withLocalHostSettings() {
        List<String> names = new ArrayList<>(AppSettings.ALL);
        names.addAll(LOCAL_HOST_SETTINGS);
        return names;
    }

    private static JsonNode sampleValues() throws IOException {
        return JSON.readTree(RepoRoot.resolve("local.settings.sample.json").toFile()).path("Values");
    }
}
