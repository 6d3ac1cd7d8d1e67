package com.cmkorchestrator.tests.scale;

import com.cmkorchestrator.devhost.EmulatorAdminApi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The emulator as its own process ({@code java -jar cmk-emulator.jar}) at a free port, for development hosts in
 * other processes to attach to. Its first line on stdout, kept in {@link #firstLine()}, is what they attach with.
 */
public final class EmulatorProcess implements AutoCloseable {

    private final ChildProcess process;
    private final EmulatorAdminApi admin;

    private EmulatorProcess(ChildProcess process, EmulatorAdminApi admin) {
        this.process = process;
        this.admin = admin;
    }

    /**
     * @param directory its working and state directory (trust store, output)
     * @param flags     emulator flags ({@code --time-scale 10}, {@code --operation-duration PT30S}, ...); the port
     *                  and state directory are set here
     */
    public static EmulatorProcess start(Path directory, List<String> jvmOptions, List<String> flags) {
        List<String> command = new ArrayList<>(List.of(Builds.java().toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", Builds.emulatorJar().toString(), "--arm-port", "0",
                "--state-dir", directory.resolve("state").toString()));
        command.addAll(flags);
        ChildProcess process = ChildProcess.start("emulator", command, directory, Map.of());
        try {
            process.await(process.out(), lines -> lines.stream().filter(line -> line.startsWith("{")).findFirst()
                    .map(Optional::of).orElse(Optional.empty()), Duration.ofSeconds(90));
            return new EmulatorProcess(process, EmulatorAdminApi.fromFirstLine(process.out().toString()));
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /** The file holding its first line on stdout: {@code --attach} takes it. */
    public Path firstLine() {
        return process.out();
    }

    public EmulatorAdminApi admin() {
        return admin;
    }

    @Override
    public void close() {
        process.close();
    }
}
