package com.cmkorchestrator.adapters.eventgrid;

import com.cmkorchestrator.app.events.GridEventReader;
import com.cmkorchestrator.adapters.TrustedHttpClients;
import com.cmkorchestrator.app.bridge.BridgedKeyEvent;
import com.cmkorchestrator.app.events.GridEvent;
import com.cmkorchestrator.app.events.KeyVaultEventData;
import com.cmkorchestrator.emulator.Emulator;
import com.cmkorchestrator.emulator.EmulatorOptions;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.emulator.eventgrid.CustomTopic;
import com.cmkorchestrator.emulator.eventgrid.EventSchema;
import com.cmkorchestrator.emulator.eventgrid.EventSubscription;
import com.cmkorchestrator.state.KeyEventId;
import com.cmkorchestrator.state.KeyEventKind;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The publisher against the emulator's Event Grid custom topic, with a webhook subscriber: what the bridge sends is
 * what a Key Vault subscriber receives, and reads back as the same key event.
 */
class EventGridKeyEventPublisherTest {

    private static final GridEventReader EVENTS = new GridEventParser();

    @TempDir
    Path dir;
    private Emulator emulator;
    private HttpServer webhook;
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private CustomTopic topic;

    @BeforeEach
    void start() throws IOException {
        emulator = Emulator.start(EmulatorOptions.forTests(dir));
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/events", exchange -> {
            delivered.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
        topic = emulator.eventGrid().createTopic("cmk-key-events", "rg-cmk", EventSchema.EVENT_GRID);
        emulator.eventGrid().subscribe(new EventSubscription("key-events", topic.armId(),
                URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/events"), List.of(), "", "",
                EventSchema.EVENT_GRID, 3, Duration.ofMinutes(10)), false);
    }

    @AfterEach
    void stop() {
        webhook.stop(0);
        emulator.close();
    }

    private EventGridKeyEventPublisher publisher(String key) {
        return EventGridKeyEventPublisher.withAccessKey(emulator.armEndpoint().resolve(topic.publishPath().substring(1)),
                key, TrustedHttpClients.trusting(emulator.trustStorePath(), emulator.trustStorePassword()));
    }

    private static BridgedKeyEvent newVersion() {
        KeyVaultEventData data = new KeyVaultEventData("https://127.0.0.1:9443/keys/cmk/0a1b2c", "contoso-hsm", "Key",
                "cmk", "0a1b2c", null, 1_900_000_000L);
        return new BridgedKeyEvent(new KeyEventId("contoso-hsm", "cmk", "0a1b2c", KeyEventKind.KEY_NEW_VERSION_CREATED),
                data, Instant.parse("2026-03-01T08:00:00Z"));
    }

    @Test
    void aPublishedEventReachesSubscribersAndReadsBackAsTheSameKeyEvent() throws InterruptedException {
        BridgedKeyEvent event = newVersion();

        publisher(topic.key()).publish(event);
        emulator.eventGrid().deliveries().awaitQuiet(Duration.ofSeconds(10));

        assertThat(delivered).singleElement().satisfies(body -> {
            assertThat(body).contains("\"VaultName\":\"contoso-hsm\"").contains("\"EXP\":1900000000")
                    .contains("\"id\":\"" + event.eventId() + "\"");
            assertThat(EVENTS.read(body)).isEqualTo(new GridEvent.KeyEvent(event.eventId(),
                    KeyEventKind.KEY_NEW_VERSION_CREATED, "contoso-hsm", "cmk", "0a1b2c",
                    URI.create("https://127.0.0.1:9443/"), ArmId.parse(topic.armId())));
        });
    }

    @Test
    void aWrongAccessKeyIsRefusedByTheTopic() {
        assertThatThrownBy(() -> publisher("d3JvbmcK").publish(newVersion()))
                .hasMessageContaining("401");
        assertThat(delivered).isEmpty();
    }
}
