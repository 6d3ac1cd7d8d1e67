package com.cmkorchestrator.emulator.support;

import com.cmkorchestrator.emulator.Emulator;
import com.cmkorchestrator.emulator.EmulatorOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** One emulator for a test class, on random ports, with the SDK clients and raw HTTP pointed at it. */
public final class EmulatorFixture implements AutoCloseable {
    public final Emulator emulator;
    public final AzureClients azure;
    public final RawHttp raw;
    public final FakeFleet fakeFleet;

    private EmulatorFixture(Emulator emulator, FakeFleet fakeFleet) {
        this.emulator = emulator;
        this.azure = new AzureClients(emulator);
        this.raw = new RawHttp(emulator);
        this.fakeFleet = fakeFleet;
    }

    /** An emulator whose HSMs are {@link FakeFleet}'s (ARM behaviour only). */
    public static EmulatorFixture withFakeHsms(UnaryOperator<EmulatorOptions> options) {
        FakeFleet[] fleet = new FakeFleet[1];
        Emulator emulator = Emulator.start(options.apply(EmulatorOptions.forTests(tempDir())), (o, clock, tls, log) -> {
            fleet[0] = new FakeFleet(clock);
            return fleet[0];
        });
        return new EmulatorFixture(emulator, fleet[0]);
    }

    public static EmulatorFixture withFakeHsms() {
        return withFakeHsms(UnaryOperator.identity());
    }

    /** An emulator with the real Managed HSM data plane. */
    public static EmulatorFixture withRealHsms(UnaryOperator<EmulatorOptions> options) {
        return new EmulatorFixture(Emulator.start(options.apply(EmulatorOptions.forTests(tempDir()))), null);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("cmk-emulator-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        emulator.close();
    }
}
