package com.cmkorchestrator.emulator.support;

import com.cmkorchestrator.emulator.Emulator;
import com.cmkorchestrator.emulator.auth.BearerToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Instant;

/**
 * Plain HTTPS requests to the emulator, for what the SDK clients will not send: malformed JSON,
 * unknown api-versions, wrong paths, no token. Trusts only the emulator's certificate.
 */
public final class RawHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: status, headers and the body parsed as JSON (empty object when none). */
    public record Answer(int status, java.net.http.HttpHeaders headers, JsonNode json, String text) {
        public String errorCode() { return json.path("error").path("code").asText(); }

        public String header(String name) { return headers.firstValue(name).orElse(null); }
    }

    private final Emulator emulator;
    private final HttpClient http;

    public RawHttp(Emulator emulator) {
        this.emulator = emulator;
        try (InputStream in = Files.newInputStream(emulator.trustStorePath())) {
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(in, emulator.trustStorePassword().toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            this.http = HttpClient.newBuilder().sslContext(context).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request as principal {@code oid} (null: no token). */
    public Answer send(String method, String pathAndQuery, String body, String oid) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.armEndpoint() + pathAndQuery.substring(1)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (oid != null) {
            request.header("Authorization", "Bearer " + BearerToken.mint(oid, emulator.options().tenantId(),
                    "https://management.azure.com", Instant.now().plusSeconds(3600).getEpochSecond()));
        }
        return execute(request);
    }

    private Answer execute(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : parse(response.body());
            return new Answer(response.statusCode(), response.headers(), json, response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request with extra headers and no bearer token (Event Grid's key header, for instance). */
    public Answer sendWithHeaders(String method, String pathAndQuery, String body, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.armEndpoint() + pathAndQuery.substring(1)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        return execute(request);
    }

    public Answer admin(String method, String path, String body) {
        return send(method, "/_emulator" + path, body, null);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
