package com.cmkorchestrator.emulator.transport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One HTTPS listener on loopback. Reads each request fully, hands it to a {@link RequestHandler},
 * reports it to a {@link RequestRecorder} and writes the answer. The JDK's built-in server is enough
 * for an emulator and keeps the jar free of a web framework.
 */
public final class HttpsEndpoint implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HttpsEndpoint.class.getName());

    static {
        // The JDK server leaves Nagle's algorithm on; with delayed ACKs every small answer then waits
        // ~40 ms, which makes 400 ARM calls take 20 s. Read once, when the server classes load.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpsServer server;
    private final ExecutorService executor;
    private final String surface;

    private HttpsEndpoint(HttpsServer server, ExecutorService executor, String surface) {
        this.server = server;
        this.executor = executor;
        this.surface = surface;
    }

    /**
     * Starts listening on {@code host:port} (port 0 picks a free one).
     *
     * @param surface a label for the request log, e.g. {@code arm} or the HSM name
     */
    public static HttpsEndpoint start(String host, int port, TlsMaterial tls, String surface,
                                      RequestRecorder log, RequestHandler handler) {
        return start(host, port, tls, surface, request -> surface, log, handler);
    }

    /**
     * Like {@link #start(String, int, TlsMaterial, String, RequestRecorder, RequestHandler)}, for a port
     * that serves several surfaces (ARM, the admin API and Event Grid topics share one).
     *
     * @param surfaceOf labels each request for the request log
     */
    public static HttpsEndpoint start(String host, int port, TlsMaterial tls, String surface,
                                      Function<EmuRequest, String> surfaceOf, RequestRecorder log, RequestHandler handler) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(host, port), 128);
            server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
            ExecutorService executor = Executors.newFixedThreadPool(16, runnable -> {
                Thread thread = new Thread(runnable, "emulator-" + surface);
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            server.createContext("/", exchange -> serve(exchange, surfaceOf, log, handler));
            server.start();
            return new HttpsEndpoint(server, executor, surface);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + " for " + surface + ": " + e.getMessage(), e);
        }
    }

    private static void serve(HttpExchange exchange, Function<EmuRequest, String> surfaceOf, RequestRecorder log,
                              RequestHandler handler) {
        EmuRequest request = null;
        EmuResponse response;
        try {
            request = read(exchange);
            response = handler.handle(request);
        } catch (EmuException e) {
            response = e.toResponse();
        } catch (RuntimeException | IOException e) {
            // A bug in the emulator, never a user mistake: say so plainly.
            LOG.log(Level.WARNING, "emulator bug while serving " + exchange.getRequestURI(), e);
            response = EmuResponse.error(500, "InternalServerError", "emulator bug: " + e);
        }
        if (request != null) {
            log.record(surfaceOf.apply(request), request, response.status());
        }
        write(exchange, response);
    }

    private static EmuRequest read(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        URI uri = exchange.getRequestURI();
        if (uri.getScheme() == null && uri.getRawAuthority() != null) {
            // "//subscriptions/..." (an endpoint with a trailing slash joined to "/{resourceId}", as the
            // SDK's generic resources do): the JDK reads the first segment as an authority. Azure
            // tolerates the double slash; so does the emulator, by folding it.
            uri = URI.create("/" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        }
        Map<String, List<String>> headers = new LinkedHashMap<>(exchange.getRequestHeaders());
        return new EmuRequest(exchange.getRequestMethod().toUpperCase(), uri, exchange.getLocalAddress().getPort(),
                headers, decodeQuery(uri.getRawQuery()), body, null);
    }

    static Map<String, String> decodeQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.putIfAbsent(name, value);
        }
        return query;
    }

    private static void write(HttpExchange exchange, EmuResponse response) {
        try (exchange) {
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            boolean noBody = response.body().length == 0 || "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "client went away", e);
        }
    }

    public int port() { return server.getAddress().getPort(); }

    public String surface() { return surface; }

    /** {@code https://127.0.0.1:<port>/} */
    public URI baseUri() { return URI.create("https://127.0.0.1:" + port() + "/"); }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
