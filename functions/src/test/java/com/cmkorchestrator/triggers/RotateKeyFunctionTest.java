package com.cmkorchestrator.triggers;

import com.cmkorchestrator.app.AppTestbed;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import org.junit.jupiter.api.Test;

import java.time.Period;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/keys/{hsm}/{key}/rotate} rotates only a key the app manages for a binding and owns (issue 10,
 * finding 2): any other key is refused from the app's own records, before any Azure call.
 */
class RotateKeyFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AppTestbed bed = new AppTestbed();
    private final KeyFunctions keys = Triggers.over(bed.graph).keys();

    private HttpResponseMessage rotate(String key) {
        String path = "/api/keys/contoso-hsm/" + key + "/rotate";
        return keys.rotate(TestRequest.of(HttpMethod.POST, path, null), "contoso-hsm", key, TestRequest.CONTEXT);
    }

    private static JsonNode body(HttpResponseMessage response) throws Exception {
        return JSON.readTree((String) response.getBody());
    }

    @Test
    void aKeyNoBindingUsesIsNotFoundAndNoAzureCallIsMade() throws Exception {
        bed.converge(AppTestbed.des("shared", VersionPolicy.PINNED));
        bed.azure.keyVault.seedKey(bed.scenario.hsmUri, "bootstrap-key", "RSA-HSM", 2048, bed.azure.clock.instant(), null)
                .policy = new KeyRotationPolicy(Period.ofDays(60), null, null, Period.ofDays(365));
        bed.azure.log.clear();

        HttpResponseMessage response = rotate("bootstrap-key");

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(body(response).path("type").asText()).isEqualTo("urn:cmk-orchestrator:problem:not-found");
        assertThat(body(response).path("errors").path(0).path("field").asText()).isEqualTo("key");
        assertThat(bed.azure.log.calls()).isEmpty();
        assertThat(bed.azure.keyVault.key(bed.scenario.hsmUri, "bootstrap-key").versions).hasSize(1);
    }

    @Test
    void aKeyABindingUsesButTheAppDoesNotOwnIsAConflictAndNoAzureCallIsMade() throws Exception {
        bed.azure.keyVault.seedKey(bed.scenario.hsmUri, "legacy", "RSA-HSM", 2048, bed.azure.clock.instant(), null)
                .policy = new KeyRotationPolicy(Period.ofDays(60), null, null, Period.ofDays(365));
        bed.graph.bindings().declare(AppTestbed.des("legacy", VersionPolicy.PINNED), java.util.Optional.empty());
        bed.drain();
        bed.azure.log.clear();

        HttpResponseMessage response = rotate("legacy");

        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(body(response).path("type").asText()).isEqualTo("urn:cmk-orchestrator:problem:key-not-owned");
        assertThat(body(response).path("detail").asText()).contains("\"adopt\": true");
        assertThat(bed.azure.log.calls()).isEmpty();
        assertThat(bed.azure.keyVault.key(bed.scenario.hsmUri, "legacy").versions).hasSize(1);
    }
}
