package com.cmkorchestrator.retry;

import com.cmkorchestrator.config.AppSettings;
import com.cmkorchestrator.testsupport.RepoRoot;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The attempt count of a work item is one number, wherever it is written down. */
class RetriesTest {

    @Test
    void theAppPoisonsAfterTheDefaultAttemptCountWhenTheSettingIsNotSet() {
        assertThat(AppSettings.from(Map.of(AppSettings.CMK_SCOPE_ALLOW_LIST, "")).maxReconcileAttempts())
                .isEqualTo(Retries.MAX_RECONCILE_ATTEMPTS);
    }

    @Test
    void theHostPoisonsAfterTheSameCount() throws IOException {
        int maxDequeueCount = new ObjectMapper().readTree(RepoRoot.resolve("host.json").toFile())
                .path("extensions").path("queues").path("maxDequeueCount").asInt(-1);

        assertThat(maxDequeueCount).as("host.json extensions.queues.maxDequeueCount")
                .isEqualTo(Retries.MAX_RECONCILE_ATTEMPTS);
    }

    @Test
    void bicepDeploysTheSameCount() throws IOException {
        Matcher parameter = Pattern.compile("(?m)^param maxReconcileAttempts int = (\\d+)$")
                .matcher(Files.readString(RepoRoot.resolve("bicep/main.bicep")));

        assertThat(parameter.find()).as("bicep/main.bicep param maxReconcileAttempts with a default").isTrue();
        assertThat(Integer.parseInt(parameter.group(1))).isEqualTo(Retries.MAX_RECONCILE_ATTEMPTS);
    }
}
