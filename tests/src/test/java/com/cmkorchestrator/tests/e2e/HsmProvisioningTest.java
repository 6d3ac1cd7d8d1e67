package com.cmkorchestrator.tests.e2e;

import com.cmkorchestrator.core.model.WrappingCertificate;
import com.cmkorchestrator.core.safety.KeyOperatorRole;
import com.cmkorchestrator.devhost.LocalEnvironment;
import com.cmkorchestrator.devhost.WrappingCertificates;
import com.cmkorchestrator.emulator.EmulatorOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/hsms} end to end: ARM creates the HSM, announces the write to Event Grid, the app's
 * {@code OnResourceWrite} continues the request, and activation is left to a person or, with wrapping
 * certificates, done by the app (the security domain kept where the request says).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HsmProvisioningTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private LocalEnvironment environment;
    private AppClient app;
    @TempDir
    Path dir;

    @BeforeAll
    void start(@TempDir Path emulatorDir) {
        environment = LocalEnvironment.start(new LocalEnvironment.Options(EmulatorOptions.forTests(emulatorDir), 0,
                false, null, Optional.empty(), new PrintStream(OutputStream.nullOutputStream())));
        app = new AppClient(environment.host().baseUri());
    }

    @AfterAll
    void stop() {
        environment.close();
    }

    private ObjectNode request(String name) throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree(Files.readString(Path.of("..", "examples", "hsm-request.json")));
        request.put("hsm", request.path("hsm").asText().replace("cmk-second-hsm", name));
        return request;
    }

    private JsonNode awaitHsm(String name, Predicate<JsonNode> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonNode view = null;
        while (Instant.now().isBefore(deadline)) {
            environment.emulator().eventGrid().deliveries().awaitQuiet(Duration.ofSeconds(5));
            environment.host().drainQueue();
            view = app.get("api/hsms/" + name).json();
            if (condition.test(view)) {
                return view;
            }
            environment.emulator().clock().advance(Duration.ofMinutes(1));
        }
        throw new AssertionError("HSM request " + name + " did not get there; last seen: " + view);
    }

    private static String reason(JsonNode view) {
        return view.path("status").path("condition").path("reason").asText();
    }

    @Test
    void withoutCertificatesTheHsmIsCreatedAndWaitsForAPersonToActivateIt() throws Exception {
        long mark = environment.emulator().requestLog().mark();

        AppClient.Reply accepted = app.post("api/hsms", request("cmk-manual-hsm").toString());
        JsonNode view = awaitHsm("cmk-manual-hsm", v -> reason(v).equals("NotActivated"));

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(view.path("status").path("condition").path("status").asText()).isEqualTo("Waiting");
        assertThat(view.path("status").path("condition").path("message").asText()).contains("security-domain");
        assertThat(environment.emulator().requestLog().since(mark))
                .filteredOn(e -> e.isWrite() && e.path().contains("managedHSMs/cmk-manual-hsm")).hasSize(1);
        assertThat(environment.emulator().eventGrid().deliveries().records())
                .anySatisfy(d -> assertThat(d.subject()).endsWith("managedHSMs/cmk-manual-hsm"));
    }

    @Test
    void withWrappingCertificatesTheAppActivatesTheHsmAndKeepsTheSecurityDomain() throws Exception {
        Path securityDomain = dir.resolve("cmk-auto-hsm-sd.json");
        ObjectNode request = request("cmk-auto-hsm");
        ObjectNode activation = request.putObject("activation");
        WrappingCertificates.generate(3).stream().map(WrappingCertificate::pem)
                .forEach(pem -> activation.withArray("certificates").add(pem));
        activation.put("quorum", 2).put("destination", securityDomain.toString());

        assertThat(app.post("api/hsms", request.toString()).status()).isEqualTo(202);
        JsonNode view = awaitHsm("cmk-auto-hsm", v -> v.path("status").path("condition").path("status").asText()
                .equals("True"));

        assertThat(reason(view)).isEqualTo("Active");
        assertThat(securityDomain).isNotEmptyFile();
        assertThat(environment.emulator().fleet().all().stream().filter(hsm -> hsm.name().equals("cmk-auto-hsm"))
                .findFirst().orElseThrow().snapshot().roleAssignments())
                .filteredOn(a -> a.principalId().equals(LocalEnvironment.APP_PRINCIPAL))
                .anySatisfy(assignment -> {
                    assertThat(assignment.scope()).isEqualTo("/keys");
                    assertThat(assignment.roleDefinitionId())
                            .endsWith("/" + KeyOperatorRole.definitionName("cmk-auto-hsm"));
                });
        assertThat(view.toString()).doesNotContain(Files.readString(securityDomain).substring(0, 40));
    }
}
