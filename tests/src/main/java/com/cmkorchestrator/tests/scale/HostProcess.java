package com.cmkorchestrator.tests.scale;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One development host as its own process ({@code java -jar cmk-devhost.jar --attach ...}) at a free port, attached to
 * a shared emulator and keeping its state in a shared Azurite: one instance of a scaled-out app.
 */
public final class HostProcess implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("^\\[host] functions at (http://\\S+/)api/");

    private final String instance;
    private final ChildProcess process;
    private URI baseUri;

    private HostProcess(String instance, ChildProcess process) {
        this.instance = instance;
        this.process = process;
    }

    /**
     * Starts a host; {@link #awaitReady} waits for it (start several, then wait for all, so that they start together).
     *
     * @param state the app settings of the shared state: the storage connection string, table prefix and queue
     */
    public static HostProcess start(String instance, Path directory, EmulatorProcess emulator,
                                    Map<String, String> state, List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of(Builds.java().toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", Builds.devhostJar().toString(), "--attach", emulator.firstLine().toString(),
                "--port", "0", "--instance", instance, "--no-timers"));
        return new HostProcess(instance, ChildProcess.start(instance, command, directory.resolve(instance), state));
    }

    /** Waits until the host printed {@code Ready}; its API's address is known from then on. */
    public HostProcess awaitReady(Duration timeout) {
        baseUri = process.await(process.out(), HostProcess::serving, timeout);
        return this;
    }

    private static Optional<URI> serving(List<String> lines) {
        if (lines.stream().noneMatch(line -> line.startsWith("Ready"))) {
            return Optional.empty();
        }
        return lines.stream().map(SERVING::matcher).filter(Matcher::find).findFirst()
                .map(matcher -> URI.create(matcher.group(1)));
    }

    public String instance() {
        return instance;
    }

    /** {@code http://127.0.0.1:<port>/}. */
    public URI baseUri() {
        if (baseUri == null) {
            throw new IllegalStateException(instance + " is not ready yet");
        }
        return baseUri;
    }

    public HostApi api() {
        return new HostApi(baseUri());
    }

    /** Its output so far, for a failure message. */
    public String tail() {
        return process.tail();
    }

    @Override
    public void close() {
        process.close();
    }
}
