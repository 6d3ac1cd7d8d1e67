package com.cmkorchestrator.tests.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

/** The app's HTTP API as a client sees it, over the JDK's HTTP client. */
public final class AppClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    /** One answer: status, Content-Type, body (parsed when JSON) and the other headers. */
    public record Reply(int status, String contentType, String text, HttpHeaders headers) {
        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + text, e);
            }
        }
    }

    public AppClient(URI base) {
        this.base = base;
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public Reply post(String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    public Reply delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    public Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Declares the binding in one of the repository's {@code examples/} files. */
    public Reply declareExample(String file) {
        try {
            return post("api/bindings", Files.readString(Path.of("..", "examples", file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Polls {@code GET /api/bindings/{name}} until the view satisfies {@code condition}, running {@code betweenPolls}
     * (work the queue) before each look; fails with the last view.
     */
    public JsonNode awaitBinding(String name, Predicate<JsonNode> condition, Duration timeout, Runnable betweenPolls) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode view = null;
        while (Instant.now().isBefore(deadline)) {
            betweenPolls.run();
            Reply reply = get("api/bindings/" + name);
            if (reply.status() == 200) {
                view = reply.json();
                if (condition.test(view)) {
                    return view;
                }
            }
            sleep(100);
        }
        throw new AssertionError("binding " + name + " did not get there within " + timeout + "; last seen: " + view);
    }

    public JsonNode awaitPhase(String name, String phase, Runnable betweenPolls) {
        return awaitBinding(name, view -> phase.equals(view.path("phase").asText()), Duration.ofSeconds(60),
                betweenPolls);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
