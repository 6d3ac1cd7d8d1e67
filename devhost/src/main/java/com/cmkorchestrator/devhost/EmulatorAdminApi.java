package com.cmkorchestrator.devhost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;

/**
 * The admin API ({@code /_emulator/...}) of an emulator running in another process, reached from its first line on
 * stdout over HTTPS that trusts exactly the emulator's certificate. Hosts attached to the emulator use it to follow
 * and move its clock and to set up Event Grid; multi-host tests and benchmarks to read its request log.
 */
public final class EmulatorAdminApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NEEDED = List.of("armEndpoint", "adminEndpoint", "trustStorePath",
            "trustStorePassword", "tenantId", "subscriptionId", "timing");

    private final JsonNode info;
    private final HttpClient http;

    private EmulatorAdminApi(JsonNode info, HttpClient http) {
        this.info = info;
        this.http = http;
    }

    /**
     * @param firstLine the emulator's first line on stdout, or the path of a file whose first line it is
     * @throws IllegalArgumentException when it is neither, or lacks what a host needs
     */
    public static EmulatorAdminApi fromFirstLine(String firstLine) {
        JsonNode info = parse(firstLine);
        for (String field : NEEDED) {
            if (!info.hasNonNull(field)) {
                throw new IllegalArgumentException("the emulator's first line has no '" + field
                        + "': is the emulator older than this host? " + firstLine);
            }
        }
        return new EmulatorAdminApi(info, trusting(Path.of(info.path("trustStorePath").asText()),
                info.path("trustStorePassword").asText()));
    }

    private static JsonNode parse(String firstLine) {
        String text = firstLine.strip();
        try {
            if (!text.startsWith("{")) {
                text = Files.readAllLines(Path.of(text)).stream().findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(firstLine + " is empty"));
            }
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the emulator's first line from " + firstLine + ": "
                    + e.getMessage(), e);
        }
    }

    private static HttpClient trusting(Path trustStore, String password) {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the emulator's trust store " + trustStore, e);
        }
    }

    /** The first line: endpoints, trust store, tenant, subscription, timing. */
    public JsonNode info() {
        return info;
    }

    public URI adminEndpoint() {
        return URI.create(info.path("adminEndpoint").asText());
    }

    /**
     * One admin call, e.g. {@code call("GET", "requests?since=0", null)}.
     *
     * @param body a JSON body, or null
     * @return its JSON answer (an empty object for none)
     * @throws IllegalStateException when the emulator answers with an error
     */
    public JsonNode call(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(adminEndpoint().resolve(path))
                .timeout(Duration.ofMinutes(5)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + adminEndpoint().resolve(path) + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("the emulator at " + adminEndpoint() + " did not answer " + method + " "
                    + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling the emulator", e);
        }
    }
}
