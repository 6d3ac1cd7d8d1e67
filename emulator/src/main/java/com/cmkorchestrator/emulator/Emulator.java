package com.cmkorchestrator.emulator;

import com.cmkorchestrator.emulator.auth.EmulatorTokenCredential;
import com.cmkorchestrator.emulator.inspect.RequestLog;
import com.cmkorchestrator.emulator.time.EmulatorClock;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.cmkorchestrator.emulator.transport.HttpsEndpoint;
import com.cmkorchestrator.emulator.transport.TlsMaterial;

import java.net.URI;
import java.nio.file.Path;

/**
 * The local Azure: ARM and Event Grid on one HTTPS port, one HTTPS port per Managed HSM, and an
 * admin API. Embeddable ({@code Emulator.start(options)} in a test, {@code close()} after) and
 * runnable from the command line ({@link EmulatorMain}).
 */
public final class Emulator implements AutoCloseable {
    private final EmulatorOptions options;
    private final EmulatorClock clock;
    private final TlsMaterial tls;
    private final RequestLog requestLog;
    private final HttpsEndpoint arm;

    private Emulator(EmulatorOptions options) {
        this.options = options;
        this.clock = new EmulatorClock();
        this.tls = TlsMaterial.generate(options.stateDirectory());
        this.requestLog = new RequestLog(clock);
        this.arm = HttpsEndpoint.start(options.host(), options.armPort(), tls, "arm", requestLog,
                request -> EmuResponse.error(404, "NotFound", "no route for " + request.method() + " " + request.path()));
    }

    public static Emulator start(EmulatorOptions options) {
        return new Emulator(options);
    }

    /** ARM's resource manager endpoint, e.g. {@code https://127.0.0.1:8443/}; Event Grid topics live here too. */
    public URI armEndpoint() { return arm.baseUri(); }

    public Path trustStorePath() { return tls.trustStorePath(); }

    public String trustStorePassword() { return tls.trustStorePassword(); }

    public EmulatorClock clock() { return clock; }

    public RequestLog requestLog() { return requestLog; }

    public EmulatorOptions options() { return options; }

    /** A credential whose tokens name {@code objectId} as the caller. */
    public EmulatorTokenCredential credential(String objectId) {
        return new EmulatorTokenCredential(objectId, options.tenantId());
    }

    @Override
    public void close() {
        arm.close();
    }
}
