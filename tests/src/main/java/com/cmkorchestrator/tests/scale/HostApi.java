package com.cmkorchestrator.tests.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A development host's HTTP API and admin routes, as a client of the app sees them. */
public final class HostApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    HostApi(URI base) {
        this.base = base;
    }

    /** One answer: status and body (JSON, or an empty object for none). */
    public record Reply(int status, JsonNode body) {
        /** The body, when the status is the one expected; else an error naming both. */
        public JsonNode expect(int expected) {
            if (status != expected) {
                throw new IllegalStateException("expected " + expected + " but the host answered " + status + ": "
                        + body);
            }
            return body;
        }
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), Duration.ofMinutes(2));
    }

    public Reply post(String path, JsonNode body) {
        return post(path, body, Duration.ofMinutes(2));
    }

    /** A POST that may take long: running the health sweep now over thousands of bindings. */
    public Reply post(String path, JsonNode body, Duration timeout) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body.toString())), timeout);
    }

    private static Reply send(HttpRequest.Builder request, Duration timeout) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body().isBlank() ? JSON.createObjectNode()
                    : JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
