package com.cmkorchestrator.devhost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An emulator that another process started ({@code java -jar cmk-emulator.jar}), reached from what its first line on
 * stdout says (endpoints, trust store, tenant, subscription, timing), so that several development hosts share one
 * emulated Azure as scaled-out instances share the real one. Its clock is followed ({@link FollowedClock}); the
 * admin API ({@code /_emulator/...}) moves it and sets up Event Grid, over HTTPS trusting only the emulator's
 * certificate.
 */
final class AttachedEmulator implements EmulatorAccess {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often the followed clock looks at the emulator's: short enough that an advance shows within a poll. */
    private static final Duration CLOCK_LOOK = Duration.ofMillis(200);

    private final JsonNode info;
    private final HttpClient http;
    private final FollowedClock clock;

    private AttachedEmulator(JsonNode info, HttpClient http) {
        this.info = info;
        this.http = http;
        this.clock = FollowedClock.following(this::emulatorNow, timeScale(), CLOCK_LOOK);
    }

    /**
     * @param firstLine the emulator's first line on stdout, or the path of a file whose first line it is
     * @throws IllegalArgumentException when it is neither, or lacks what a host needs
     */
    static AttachedEmulator attach(String firstLine) {
        JsonNode info = parse(firstLine);
        for (String field : List.of("armEndpoint", "adminEndpoint", "trustStorePath", "trustStorePassword",
                "tenantId", "subscriptionId", "timing")) {
            if (!info.hasNonNull(field)) {
                throw new IllegalArgumentException("the emulator's first line has no '" + field
                        + "': is the emulator older than this host? " + firstLine);
            }
        }
        return new AttachedEmulator(info, trusting(Path.of(info.path("trustStorePath").asText()),
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

    private Instant emulatorNow() {
        return Instant.parse(admin("GET", "clock", null).path("now").asText());
    }

    /** One admin API call; its JSON answer (empty for no body). */
    private JsonNode admin(String method, String path, ObjectNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(adminEndpoint().resolve(path))
                .timeout(Duration.ofMinutes(2)).header("Content-Type", "application/json")
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
            throw new UncheckedIOException("the emulator at " + armEndpoint() + " did not answer " + method + " "
                    + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling the emulator", e);
        }
    }

    @Override
    public URI armEndpoint() {
        return URI.create(info.path("armEndpoint").asText());
    }

    @Override
    public URI adminEndpoint() {
        return URI.create(info.path("adminEndpoint").asText());
    }

    @Override
    public Path trustStorePath() {
        return Path.of(info.path("trustStorePath").asText());
    }

    @Override
    public String trustStorePassword() {
        return info.path("trustStorePassword").asText();
    }

    @Override
    public String tenantId() {
        return info.path("tenantId").asText();
    }

    @Override
    public String subscriptionId() {
        return info.path("subscriptionId").asText();
    }

    @Override
    public String databricksAppObjectId() {
        return info.path("databricksAppObjectId").asText();
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public double timeScale() {
        return info.path("timing").path("timeScale").asDouble(1.0);
    }

    @Override
    public void advance(Duration by) {
        admin("POST", "clock/advance", JSON.createObjectNode().put("duration", by.toString()));
        clock.look();
    }

    @Override
    public Duration hsmProvisioning() {
        return Duration.parse(info.path("timing").path("hsmProvisioning").asText());
    }

    @Override
    public Duration rolePropagation() {
        return Duration.parse(info.path("timing").path("rolePropagation").asText());
    }

    @Override
    public Topic topic(String name, String resourceGroup) {
        JsonNode topic = admin("POST", "eventgrid/topics", JSON.createObjectNode().put("name", name)
                .put("resourceGroup", resourceGroup));
        return new Topic(URI.create(topic.path("endpoint").asText()), topic.path("key").asText(),
                topic.path("id").asText());
    }

    @Override
    public boolean hasSubscription(String name) {
        for (JsonNode subscription : admin("GET", "eventgrid/subscriptions", null).path("value")) {
            if (subscription.path("name").asText().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void subscribe(String name, String topic, URI webhook, List<String> eventTypes) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("topic", topic)
                .put("endpointUrl", webhook.toString());
        eventTypes.forEach(body.putArray("includedEventTypes")::add);
        admin("POST", "eventgrid/subscriptions", body);
    }

    @Override
    public void close() {
        clock.close();
    }
}
