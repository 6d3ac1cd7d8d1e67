package com.cmkorchestrator.devhost;

import com.cmkorchestrator.triggers.http.Problem;
import com.cmkorchestrator.triggers.http.ProblemType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The development host's HTTP side, shaped like the Azure Functions host's:
 * <ul>
 *   <li>{@code /api/<route>}: HTTP-triggered functions;</li>
 *   <li>{@code /runtime/webhooks/EventGrid?functionName=<name>}: Event Grid deliveries, including the
 *       subscription validation handshake (which the real host answers itself, before any function runs)
 *       and the CloudEvents {@code OPTIONS} abuse-protection handshake;</li>
 *   <li>{@code POST /admin/functions/<name>} with {@code {"input": "..."}}: runs a non-HTTP function now,
 *       as the real host's admin API does;</li>
 *   <li>{@code GET} of the paths given to {@link #serveInfo}: facts about the run, as JSON.</li>
 * </ul>
 * Its own refusals (no such path, a wrong method, a function that threw) are problem documents with the app's
 * problem types. Function keys are not enforced, as under {@code func start}.
 */
public final class DevHttpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DevHttpServer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final FunctionCatalog catalog;
    private final FunctionInvoker invoker;
    private final Map<String, Supplier<Object>> infoRoutes = new ConcurrentHashMap<>();

    private DevHttpServer(HttpServer server, FunctionCatalog catalog, FunctionInvoker invoker) {
        this.server = server;
        this.catalog = catalog;
        this.invoker = invoker;
    }

    public static DevHttpServer start(String host, int port, FunctionCatalog catalog, FunctionInvoker invoker) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
            DevHttpServer dev = new DevHttpServer(server, catalog, invoker);
            server.setExecutor(Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "devhost-http");
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/", dev::serve);
            server.start();
            return dev;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** Serves {@code GET <path>} (outside {@code /api/}) with the supplier's value as JSON: facts about the host. */
    public void serveInfo(String path, Supplier<Object> info) {
        infoRoutes.put(path, info);
    }

    public URI baseUri() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/");
    }

    private void serve(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Reply reply;
            if (path.startsWith("/api/")) {
                reply = serveApi(exchange, path.substring(5), body);
            } else if (path.equalsIgnoreCase("/runtime/webhooks/EventGrid")) {
                reply = serveEventGrid(exchange, body);
            } else if (infoRoutes.containsKey(path)) {
                reply = "GET".equals(exchange.getRequestMethod())
                        ? new Reply(200, Map.of("Content-Type", "application/json"),
                                JSON.writeValueAsBytes(infoRoutes.get(path).get()))
                        : Reply.methodNotAllowed(path, "GET");
            } else if (path.startsWith("/admin/functions/")) {
                reply = "POST".equals(exchange.getRequestMethod())
                        ? serveAdminRun(path.substring("/admin/functions/".length()), body)
                        : Reply.methodNotAllowed(path, "POST");
            } else {
                reply = Reply.problem(ProblemType.ROUTE_NOT_FOUND, "no route serves " + path
                        + "; the functions are under /api/", path);
            }
            write(exchange, reply);
        } catch (IOException e) {
            LOG.log(Level.FINE, "client went away", e);
        }
    }

    /**
     * Tries the HTTP functions' routes the way the Functions host does: in the order the functions are registered,
     * which is by name, the first whose template and method both match winning (a method the route does not take
     * fails its {@code HttpMethodRouteConstraint}, and the next route is tried). Unlike ASP.NET controllers, a literal
     * segment does not outrank a parameter: azure-functions-host {@code WebScriptHostHttpRoutesManager} maps the
     * functions in order and azure-webjobs-sdk-extensions {@code WebJobsRouteBuilder.Build()} keeps that order.
     */
    private Reply serveApi(HttpExchange exchange, String route, byte[] body) {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        List<FunctionDefinition> routed = catalog.withTrigger(FunctionTrigger.Http.class).stream()
                .sorted(Comparator.comparing(FunctionDefinition::name, String.CASE_INSENSITIVE_ORDER)).toList();
        for (FunctionDefinition function : routed) {
            FunctionTrigger.Http http = (FunctionTrigger.Http) function.trigger();
            Optional<Map<String, String>> values = http.route().match(route);
            if (values.isPresent() && http.methods().contains(method)) {
                DevHttpRequest request = new DevHttpRequest(requestUri(exchange), HttpMethod.value(method),
                        headers(exchange), query(exchange.getRequestURI().getRawQuery()),
                        body.length == 0 ? Optional.empty() : Optional.of(new String(body, StandardCharsets.UTF_8)));
                return invokeHttp(function, request, values.get());
            }
        }
        // the real host answers an empty 404 here; an app that wants problem documents has a catch-all route
        return Reply.problem(ProblemType.ROUTE_NOT_FOUND, "no function serves " + method + " /api/" + route,
                "/api/" + route);
    }

    private Reply invokeHttp(FunctionDefinition function, DevHttpRequest request, Map<String, String> routeValues) {
        try {
            Object result = invoker.invoke(function, request, routeValues);
            if (result instanceof HttpResponseMessage response) {
                Map<String, String> headers = response instanceof DevHttpResponse dev ? dev.headers() : Map.of();
                return new Reply(response.getStatusCode(), headers, bodyBytes(response.getBody()));
            }
            return new Reply(result == null ? 204 : 200, Map.of(), bodyBytes(result));
        } catch (Exception e) {
            // As in the real host: an unhandled exception in a function is a 500, and is logged.
            LOG.log(Level.SEVERE, "function " + function.name() + " failed", e);
            return Reply.failed(function.name(), request.getUri().getPath());
        }
    }

    private Reply serveEventGrid(HttpExchange exchange, byte[] body) throws IOException {
        if ("OPTIONS".equals(exchange.getRequestMethod())) {
            String origin = exchange.getRequestHeaders().getFirst("WebHook-Request-Origin");
            return new Reply(200, origin == null ? Map.of() : Map.of("WebHook-Allowed-Origin", origin), new byte[0]);
        }
        String functionName = query(exchange.getRequestURI().getRawQuery()).get("functionName");
        Optional<FunctionDefinition> function = Optional.ofNullable(functionName).flatMap(catalog::byName)
                .filter(f -> f.trigger() instanceof FunctionTrigger.EventGrid);
        String instance = exchange.getRequestURI().getPath();
        if (function.isEmpty()) {
            return Reply.problem(ProblemType.NOT_FOUND, "no Event Grid function named " + functionName, instance);
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(body);
        } catch (IOException e) {
            return Reply.problem(ProblemType.MALFORMED_REQUEST, "the delivery is not JSON: " + e.getMessage(), instance);
        }
        ArrayNode events = payload instanceof ArrayNode array ? array : JSON.createArrayNode().add(payload);
        String eventType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("aeg-event-type")).orElse("");
        if (eventType.equalsIgnoreCase("SubscriptionValidation")) {
            String code = events.path(0).path("data").path("validationCode").asText("");
            return new Reply(200, Map.of("Content-Type", "application/json"),
                    JSON.writeValueAsBytes(JSON.createObjectNode().put("validationResponse", code)));
        }
        for (JsonNode event : events) {
            try {
                invoker.invoke(function.get(), JSON.writeValueAsString(event), Map.of());
            } catch (Exception e) {
                // A failed invocation makes the host answer 500, so Event Grid retries the delivery.
                LOG.log(Level.SEVERE, "function " + functionName + " failed on an event", e);
                return Reply.failed(functionName, instance);
            }
        }
        return new Reply(202, Map.of(), new byte[0]);
    }

    private Reply serveAdminRun(String functionName, byte[] body) {
        Optional<FunctionDefinition> function = catalog.byName(functionName)
                .filter(f -> !(f.trigger() instanceof FunctionTrigger.Http));
        String instance = "/admin/functions/" + functionName;
        if (function.isEmpty()) {
            return Reply.problem(ProblemType.NOT_FOUND, "no non-HTTP function named " + functionName, instance);
        }
        String input;
        try {
            input = body.length == 0 ? "" : JSON.readTree(body).path("input").asText("");
        } catch (IOException e) {
            return Reply.problem(ProblemType.MALFORMED_REQUEST, "expected {\"input\": \"...\"}: " + e.getMessage(),
                    instance);
        }
        try {
            invoker.invoke(function.get(), input, Map.of());
            return new Reply(202, Map.of(), new byte[0]);
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "function " + functionName + " failed", e);
            return Reply.failed(functionName, instance);
        }
    }

    private static URI requestUri(HttpExchange exchange) {
        String host = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Host")).orElse("localhost");
        return URI.create("http://" + host + exchange.getRequestURI());
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        return headers;
    }

    static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                query.putIfAbsent(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static byte[] bodyBytes(Object body) {
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        if (body instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize response body", e);
        }
    }

    private static void write(HttpExchange exchange, Reply reply) throws IOException {
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        if (reply.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    private record Reply(int status, Map<String, String> headers, byte[] body) {

        /** The host's own refusals are problem documents too, with the app's problem types. */
        static Reply problem(ProblemType type, String detail, String instance) {
            return problem(Problem.of(type, detail, instance), Map.of());
        }

        static Reply problem(Problem problem, Map<String, String> headers) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put("Content-Type", Problem.MEDIA_TYPE);
            try {
                return new Reply(problem.status(), all, JSON.writeValueAsBytes(problem));
            } catch (IOException e) {
                throw new IllegalStateException("a problem document always serializes", e);
            }
        }

        static Reply methodNotAllowed(String instance, String allow) {
            return problem(Problem.of(ProblemType.METHOD_NOT_ALLOWED, "only " + allow + " is allowed on " + instance,
                    instance, "method", "must be " + allow), Map.of("Allow", allow));
        }

        /** An unhandled exception: the log has it; the answer says nothing internal. */
        static Reply failed(String function, String instance) {
            return problem(ProblemType.INTERNAL_ERROR, "function " + function + " failed; the log has the cause",
                    instance);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
