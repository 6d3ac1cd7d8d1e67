package com.cmkorchestrator.devhost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An emulator that another process started ({@code java -jar cmk-emulator.jar}), reached from what its first line on
 * stdout says (endpoints, trust store, tenant, subscription, timing), so that several development hosts share one
 * emulated Azure as scaled-out instances share the real one. Its clock is followed ({@link FollowedClock}); the
 * admin API ({@link EmulatorAdminApi}) moves it and sets up Event Grid.
 */
final class AttachedEmulator implements EmulatorAccess {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * How often the followed clock looks at the emulator's: an advance shows within a second, and eight hosts add
     * eight admin requests a second to the emulator's request log, not forty.
     */
    private static final Duration CLOCK_LOOK = Duration.ofSeconds(1);

    private final EmulatorAdminApi admin;
    private final JsonNode info;
    private final FollowedClock clock;

    private AttachedEmulator(EmulatorAdminApi admin) {
        this.admin = admin;
        this.info = admin.info();
        this.clock = FollowedClock.following(this::emulatorNow, timeScale(), CLOCK_LOOK);
    }

    /**
     * @param firstLine the emulator's first line on stdout, or the path of a file whose first line it is
     * @throws IllegalArgumentException when it is neither, or lacks what a host needs
     */
    static AttachedEmulator attach(String firstLine) {
        return new AttachedEmulator(EmulatorAdminApi.fromFirstLine(firstLine));
    }

    private Instant emulatorNow() {
        return Instant.parse(admin.call("GET", "clock", null).path("now").asText());
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
        admin.call("POST", "clock/advance", JSON.createObjectNode().put("duration", by.toString()));
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
        JsonNode topic = admin.call("POST", "eventgrid/topics", JSON.createObjectNode().put("name", name)
                .put("resourceGroup", resourceGroup));
        return new Topic(URI.create(topic.path("endpoint").asText()), topic.path("key").asText(),
                topic.path("id").asText());
    }

    @Override
    public boolean hasSubscription(String name) {
        for (JsonNode subscription : admin.call("GET", "eventgrid/subscriptions", null).path("value")) {
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
        admin.call("POST", "eventgrid/subscriptions", body);
    }

    @Override
    public void close() {
        clock.close();
    }
}
