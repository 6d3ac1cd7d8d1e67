package com.cmkorchestrator.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azurite started as a child process from the repository's {@code node_modules} (installed by
 * {@code npm ci} at the repository root), in memory, on ports the OS picks. Azurite prints the
 * address of each service once it listens; those lines tell us it is up and where.
 */
final class AzuriteProcess implements AutoCloseable {

    static final Path SCRIPT = Path.of("node_modules", "azurite", "dist", "src", "azurite.js");
    /** Starts {@link #SCRIPT} with its queue GC sweeping every second (why: in that file), from the repository root. */
    static final Path LAUNCHER = Path.of("tests", "azurite.cjs");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern LISTENING =
            Pattern.compile("Azurite (Blob|Queue|Table) service is successfully listening at (http://\\S+)");

    private final Process process;
    private final Path workDir;
    private final Azurite azurite;
    private final Duration startTime;

    private AzuriteProcess(Process process, Path workDir, Azurite azurite, Duration startTime) {
        this.process = process;
        this.workDir = workDir;
        this.azurite = azurite;
        this.startTime = startTime;
    }

    /**
     * Starts Azurite ({@code script}, through {@link #LAUNCHER} beside it) and waits until its Table, Queue and Blob
     * services listen.
     *
     * @throws IllegalStateException when Azurite is not installed, or does not come up
     */
    static AzuriteProcess start(Path script) {
        long started = System.nanoTime();
        Process process;
        Path workDir;
        try {
            // in-memory Azurite writes nothing, but give it a directory of its own all the same
            workDir = Files.createTempDirectory("azurite");
            Path root = script;
            for (int i = 0; i < SCRIPT.getNameCount(); i++) {
                root = root.getParent();
            }
            process = new ProcessBuilder(List.of("node", root.resolve(LAUNCHER).toString(),
                    "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
                    "--blobHost", "127.0.0.1", "--blobPort", "0",
                    "--queueHost", "127.0.0.1", "--queuePort", "0",
                    "--tableHost", "127.0.0.1", "--tablePort", "0"))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run node to start Azurite (" + e.getMessage()
                    + "); install Node.js and run `npm ci` at the repository root", e);
        }
        CompletableFuture<Azurite> listening = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> readOutput(process, listening, output), "azurite-output");
        reader.setDaemon(true);
        reader.start();
        try {
            Azurite azurite = listening.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new AzuriteProcess(process, workDir, azurite, Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Azurite", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            String printed;
            synchronized (output) {
                printed = output.toString();
            }
            throw new IllegalStateException("Azurite did not start within " + START_TIMEOUT.toSeconds() + " s ("
                    + script + "). Its output:\n" + printed, e);
        }
    }

    // Reads Azurite's console until it exits: the lines announce the ports, and an unread pipe
    // would eventually block Azurite.
    private static void readOutput(Process process, CompletableFuture<Azurite> listening, StringBuilder output) {
        String table = null;
        String queue = null;
        String blob = null;
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    String endpoint = matcher.group(2) + "/" + Azurite.DEV_ACCOUNT;
                    switch (matcher.group(1)) {
                        case "Table" -> table = endpoint;
                        case "Queue" -> queue = endpoint;
                        default -> blob = endpoint;
                    }
                    if (table != null && queue != null && blob != null) {
                        listening.complete(Azurite.at(table, queue, blob));
                    }
                }
            }
        } catch (IOException e) {
            listening.completeExceptionally(e);
        }
        // no effect once the ports were announced; otherwise Azurite stopped before listening
        listening.completeExceptionally(new IllegalStateException("Azurite exited before it listened"));
    }

    Azurite azurite() {
        return azurite;
    }

    /** From launch until both services listened. */
    Duration startTime() {
        return startTime;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(workDir);
        } catch (IOException e) {
            // a leftover empty temp directory is harmless
        }
    }
}
