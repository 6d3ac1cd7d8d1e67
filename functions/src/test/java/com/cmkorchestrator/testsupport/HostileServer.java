package com.cmkorchestrator.testsupport;

import com.cmkorchestrator.emulator.transport.TlsMaterial;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTPS server on loopback that plays a host outside the app's scope: it records every request it receives (with
 * its {@code Authorization} header) and answers each with 401 and a bearer challenge naming another audience
 * ({@code https://management.azure.com} by default), as an attacker would to collect the app's tokens. Its
 * certificate is in {@link #trustStore()}, so a client can be made to trust it explicitly.
 */
public final class HostileServer implements AutoCloseable {

    /** One request as it arrived. */
    public record Received(String method, String path, String authorization) {
    }

    private final HttpsServer server;
    private final TlsMaterial tls;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private HostileServer(HttpsServer server, TlsMaterial tls) {
        this.server = server;
        this.tls = tls;
    }

    /** Starts the server; {@code challengedAudience} is the resource its 401 challenge names. */
    public static HostileServer start(String challengedAudience) {
        try {
            Path directory = Files.createTempDirectory("hostile-server");
            TlsMaterial tls = TlsMaterial.generate(directory);
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
            HostileServer hostile = new HostileServer(server, tls);
            server.createContext("/", exchange -> {
                hostile.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Authorization")));
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer authorization_uri="
                        + "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/oauth2/authorize"
                        + " resource_id=" + challengedAudience);
                byte[] body = "{\"error\":{\"code\":\"InvalidAuthenticationInfo\"}}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(401, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return hostile;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code https://127.0.0.1:<port>/}. */
    public URI origin() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public Path trustStore() {
        return tls.trustStorePath();
    }

    public String trustStorePassword() {
        return tls.trustStorePassword();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
