package com.cmkorchestrator.tests.e2e;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.devhost.LocalEnvironment;
import com.cmkorchestrator.emulator.EmulatorOptions;
import com.cmkorchestrator.emulator.inspect.RequestLog;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What the tests read from the emulator: resources as ARM returns them, and the request log. */
final class LocalAzure {

    private final LocalEnvironment environment;

    LocalAzure(LocalEnvironment environment) {
        this.environment = environment;
    }

    JsonNode resource(ArmId id) {
        return environment.emulator().armDocuments().stream()
                .filter(doc -> doc.path("id").asText().equalsIgnoreCase(id.toString()))
                .findFirst().orElseThrow(() -> new AssertionError("no resource " + id));
    }

    /** The key version the disk encryption set's {@code activeKey.keyUrl} names. */
    String desKeyVersion() {
        String url = resource(environment.seeded().diskEncryptionSet()).path("properties").path("activeKey")
                .path("keyUrl").asText();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    String databricksManagedServicesVersion() {
        return resource(environment.seeded().databricksWorkspace()).path("properties").path("encryption")
                .path("entities").path("managedServices").path("keyVaultProperties").path("keyVersion").asText();
    }

    /** ARM writes (PUT, PATCH, POST, DELETE) since {@code mark}, as {@code "PATCH <path>"}. */
    List<String> armWritesSince(long mark) {
        return environment.emulator().requestLog().since(mark).stream()
                .filter(entry -> entry.surface().equals("arm") && entry.isWrite())
                .map(entry -> entry.method() + " " + entry.path()).toList();
    }

    long mark() {
        return environment.emulator().requestLog().mark();
    }

    List<RequestLog.Entry> since(long mark) {
        return environment.emulator().requestLog().since(mark);
    }

    /**
     * The local run as the suites start it: the emulator's test options in {@code dir}, any free port, no timers, the
     * queue worked only when a test says so, state in memory, nothing printed.
     */
    static LocalEnvironment startQuietly(Path dir) {
        return LocalEnvironment.start(new LocalEnvironment.Options(EmulatorOptions.forTests(dir), 0, false, null,
                Optional.empty(), new PrintStream(OutputStream.nullOutputStream())));
    }

    /** Works the queue, the emulated clock moved past the short re-checks first (a new identity's 20 s). */
    void workShortRechecks() {
        environment.emulator().clock().advance(Duration.ofSeconds(30));
        environment.host().drainQueue();
    }

    /** Lets Event Grid deliver what is due, then works the queue until it is quiet. */
    void settle() throws InterruptedException {
        for (int round = 0; round < 5; round++) {
            environment.emulator().eventGrid().deliveries().awaitQuiet(Duration.ofSeconds(20));
            if (environment.host().drainQueue() == 0) {
                return;
            }
        }
    }
}
