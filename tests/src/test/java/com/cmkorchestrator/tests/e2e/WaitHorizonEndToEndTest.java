package com.cmkorchestrator.tests.e2e;

import com.cmkorchestrator.devhost.LocalEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12's finding 3 over HTTP against the local run: an HSM request waiting for a person to activate the HSM is
 * {@code Failed} with the reason past its horizon (7 days), and the health report, which said {@code Healthy}
 * after four emulated days, no longer does. Nothing else is in this run, so the report's status is the HSM's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WaitHorizonEndToEndTest {

    private LocalEnvironment environment;
    private AppClient app;

    @BeforeAll
    void start(@TempDir Path dir) {
        environment = LocalAzure.startQuietly(dir);
        app = new AppClient(environment.host().baseUri());
    }

    @AfterAll
    void stop() {
        environment.close();
    }

    /** Emulated days pass, the app's re-checks running as they come due. */
    private void wait(Duration span) {
        for (Duration passed = Duration.ZERO; passed.compareTo(span) < 0; passed = passed.plus(Duration.ofMinutes(15))) {
            environment.emulator().clock().advance(Duration.ofMinutes(15));
            environment.host().drainQueue();
        }
    }

    @Test
    void anHsmAwaitingManualActivationPastItsHorizonIsFailedAndTheHealthReportIsNotHealthy() {
        String request = """
                {"hsm": "%s/providers/Microsoft.KeyVault/managedHSMs/cmk-waiting-hsm", "location": "westeurope",
                 "tenantId": "%s", "administrators": ["%s", "%s"], "softDeleteRetentionDays": 7,
                 "purgeProtection": true}""".formatted(environment.seeded().resourceGroupId(),
                environment.seeded().tenantId(), LocalEnvironment.DEPLOYER, LocalEnvironment.APP_PRINCIPAL);
        assertThat(app.post("api/hsms", request).status()).isEqualTo(202);
        environment.host().drainQueue();

        wait(Duration.ofDays(4));
        JsonNode early = app.get("api/hsms/cmk-waiting-hsm").json().path("status").path("condition");
        assertThat(early.path("status").asText()).isEqualTo("Waiting");
        assertThat(early.path("reason").asText()).isEqualTo("NotActivated");

        wait(Duration.ofDays(4));
        JsonNode late = app.get("api/hsms/cmk-waiting-hsm").json().path("status").path("condition");
        JsonNode health = app.get("api/health").json();

        assertThat(late.path("status").asText()).isEqualTo("False");
        assertThat(late.path("reason").asText()).isEqualTo("NotActivated");
        assertThat(late.path("message").asText()).startsWith("waited ").contains("longer than the 7 d this takes")
                .contains("az keyvault security-domain download --hsm-name cmk-waiting-hsm");
        assertThat(health.path("status").asText()).isNotEqualTo("Healthy");
        assertThat(health.path("hsms")).anySatisfy(hsm -> {
            assertThat(hsm.path("name").asText()).isEqualTo("cmk-waiting-hsm");
            assertThat(hsm.path("ready").path("status").asText()).isEqualTo("False");
        });
    }
}
