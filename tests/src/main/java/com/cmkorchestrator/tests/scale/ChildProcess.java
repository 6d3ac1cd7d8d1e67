package com.cmkorchestrator.tests.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A JVM this one started (the emulator, a development host), its output in a log file, stopped when closed: the
 * way a test or benchmark runs the pieces as separate processes, as they run in Azure.
 */
final class ChildProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code directory}, stdout to {@code <name>.out} and stderr to {@code <name>.log}. */
    static ChildProcess start(String name, List<String> command, Path directory, Map<String, String> environment) {
        try {
            Files.createDirectories(directory);
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectOutput(directory.resolve(name + ".out").toFile())
                    .redirectError(directory.resolve(name + ".log").toFile());
            builder.environment().putAll(environment);
            return new ChildProcess(name, builder.start(), directory.resolve(name + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** Where its stdout goes. */
    Path out() {
        return log.resolveSibling(name + ".out");
    }

    Path log() {
        return log;
    }

    /**
     * Waits until {@code found} finds something in the file it reads (stdout or the log), and returns it.
     *
     * @throws IllegalStateException when the process ends first or the time runs out, with the log's tail
     */
    <T> T await(Path file, Function<List<String>, Optional<T>> found, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> result = found.apply(lines(file));
            if (result.isPresent()) {
                return result.get();
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited (" + process.exitValue() + ") before it was ready:\n"
                        + tail());
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + ":\n" + tail());
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of(); // being written: look again
        }
    }

    /** The last lines of its stdout and of its stderr, for a failure message. */
    String tail() {
        return last(out(), 30) + "\n" + last(log, 30);
    }

    private static String last(Path file, int count) {
        List<String> lines = lines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
