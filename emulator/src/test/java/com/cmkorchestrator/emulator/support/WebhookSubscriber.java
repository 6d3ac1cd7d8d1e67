package com.cmkorchestrator.emulator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An Event Grid webhook on plain HTTP (like the local development host): answers the validation
 * handshakes as the app does, records every notification, and answers with scripted statuses.
 */
public final class WebhookSubscriber implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request Event Grid sent. */
    public record Received(String method, Map<String, List<String>> headers, JsonNode body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> scriptedStatuses = new ConcurrentLinkedDeque<>();
    private volatile int defaultStatus = 200;
    private volatile boolean echoValidation = true;
    private volatile Duration delay = Duration.ZERO;

    public WebhookSubscriber() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/events", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "test-webhook");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/events");
    }

    /** The next notifications are answered with these statuses, then {@link #answerWith}'s. */
    public WebhookSubscriber thenAnswer(Integer... statuses) {
        scriptedStatuses.addAll(List.of(statuses));
        return this;
    }

    public WebhookSubscriber answerWith(int status) {
        defaultStatus = status;
        return this;
    }

    public WebhookSubscriber refuseValidation() {
        echoValidation = false;
        return this;
    }

    public WebhookSubscriber answerAfter(Duration wait) {
        delay = wait;
        return this;
    }

    public List<Received> received() { return new ArrayList<>(received); }

    /** The events of every notification, in arrival order (Event Grid schema arrays flattened). */
    public List<JsonNode> events() {
        List<JsonNode> events = new ArrayList<>();
        for (Received request : received) {
            if ("Notification".equals(request.header("aeg-event-type"))) {
                if (request.body().isArray()) {
                    request.body().forEach(events::add);
                } else {
                    events.add(request.body());
                }
            }
        }
        return events;
    }

    /** Waits (real time) until {@code count} events arrived. */
    public List<JsonNode> awaitEvents(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return events();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            Received request = new Received(exchange.getRequestMethod(), Map.copyOf(exchange.getRequestHeaders()), json);
            received.add(request);
            if ("OPTIONS".equals(request.method())) {
                if (echoValidation) {
                    exchange.getResponseHeaders().set("WebHook-Allowed-Origin", request.header("WebHook-Request-Origin"));
                }
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            if ("SubscriptionValidation".equals(request.header("aeg-event-type"))) {
                String answer = echoValidation
                        ? JSON.createObjectNode().put("validationResponse", json.get(0).path("data").path("validationCode").asText()).toString()
                        : "{}";
                write(exchange, 200, answer);
                return;
            }
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            Integer scripted = scriptedStatuses.poll();
            write(exchange, scripted != null ? scripted : defaultStatus, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
