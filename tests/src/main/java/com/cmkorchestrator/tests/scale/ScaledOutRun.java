package com.cmkorchestrator.tests.scale;

import com.cmkorchestrator.config.AppSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The app scaled out on one machine: one emulator process and {@code n} development host processes attached to it,
 * sharing one Azurite (tables and the reconcile queue), each its own JVM, never talking to each other. The hosts
 * start together, so they race for the seeding as instances race for work.
 */
public final class ScaledOutRun implements AutoCloseable {

    private static final Duration START = Duration.ofMinutes(3);

    private final EmulatorProcess emulator;
    private final List<HostProcess> hosts;

    private ScaledOutRun(EmulatorProcess emulator, List<HostProcess> hosts) {
        this.emulator = emulator;
        this.hosts = List.copyOf(hosts);
    }

    /**
     * @param directory     where each process works and writes its output
     * @param storage       the shared Azurite's connection string
     * @param tablePrefix   the state's tables ({@code CMK_STATE_TABLE_PREFIX}), unique to this run
     * @param queue         the reconcile queue ({@code CMK_RECONCILE_QUEUE}), unique to this run
     * @param emulatorFlags flags of the emulator ({@code --time-scale}, {@code --latency}, ...)
     * @param jvmOptions    options of every JVM started (heap, JIT)
     */
    public static ScaledOutRun start(Path directory, int hosts, String storage, String tablePrefix, String queue,
                                     List<String> emulatorFlags, List<String> jvmOptions) {
        EmulatorProcess emulator = EmulatorProcess.start(directory, jvmOptions, emulatorFlags);
        List<HostProcess> started = new ArrayList<>();
        try {
            Map<String, String> state = Map.of(AppSettings.CMK_STORAGE_CONNECTION_STRING, storage,
                    AppSettings.CMK_STATE_TABLE_PREFIX, tablePrefix, AppSettings.CMK_RECONCILE_QUEUE, queue);
            for (int i = 1; i <= hosts; i++) {
                started.add(HostProcess.start("host-" + i, directory, emulator, state, jvmOptions));
            }
            started.forEach(host -> host.awaitReady(START));
            return new ScaledOutRun(emulator, started);
        } catch (RuntimeException e) {
            started.forEach(HostProcess::close);
            emulator.close();
            throw e;
        }
    }

    public EmulatorProcess emulator() {
        return emulator;
    }

    public List<HostProcess> hosts() {
        return hosts;
    }

    /** The hosts in turn: the {@code i}th call's host, so that requests spread over every instance. */
    public HostApi host(int i) {
        return hosts.get(Math.floorMod(i, hosts.size())).api();
    }

    @Override
    public void close() {
        hosts.forEach(HostProcess::close);
        emulator.close();
    }
}
