package com.cmkorchestrator.emulator.arm;

import com.cmkorchestrator.emulator.transport.EmuRequest;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * One authenticated ARM request in flight: what the handlers need besides the body (the caller,
 * the api-version, ARM's request and correlation IDs, the emulated time it arrived at).
 *
 * @param base the ARM endpoint, {@code https://127.0.0.1:<port>/}, for the URLs ARM hands out
 */
public record ArmCall(EmuRequest request, String apiVersion, Instant now, String requestId, String correlationId,
                      URI base) {

    public static ArmCall of(EmuRequest request, String apiVersion, Instant now, URI base) {
        String correlation = request.header("x-ms-correlation-request-id").orElse(UUID.randomUUID().toString());
        return new ArmCall(request, apiVersion, now, UUID.randomUUID().toString(), correlation, base);
    }

    public ArmCall withApiVersion(String version) {
        return new ArmCall(request, version, now, requestId, correlationId, base);
    }

    public String method() { return request.method(); }

    public String callerOid() { return request.callerOid(); }

    /** The full request URL as the client sent it. */
    public String url() {
        String path = request.uri().getRawPath();
        String query = request.uri().getRawQuery();
        return base.toString().replaceAll("/$", "") + path + (query == null ? "" : "?" + query);
    }

    /** An absolute URL on this ARM endpoint. */
    public String absolute(String pathAndQuery) {
        return base.toString().replaceAll("/$", "") + pathAndQuery;
    }
}
