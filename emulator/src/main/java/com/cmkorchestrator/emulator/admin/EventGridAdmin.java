package com.cmkorchestrator.emulator.admin;

import com.cmkorchestrator.emulator.eventgrid.CustomTopic;
import com.cmkorchestrator.emulator.eventgrid.EventSchema;
import com.cmkorchestrator.emulator.eventgrid.EventSubscription;
import com.cmkorchestrator.emulator.transport.EmuException;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /_emulator/eventgrid/...}: event subscriptions and custom topics (what Azure does with ARM
 * {@code Microsoft.EventGrid} resources, which the emulator does not serve), and what was delivered.
 */
final class EventGridAdmin {
    private static final String SUBSCRIPTIONS = "/eventgrid/subscriptions";
    private static final String TOPICS = "/eventgrid/topics";

    private final AdministeredEmulator emulator;

    EventGridAdmin(AdministeredEmulator emulator) {
        this.emulator = emulator;
    }

    EmuResponse handle(EmuRequest request, String route) {
        String method = request.method();
        String path = route.substring(method.length() + 1);
        if (route.equals("GET " + SUBSCRIPTIONS)) {
            ArrayNode value = AdminApi.JSON.createArrayNode();
            emulator.eventGrid().subscriptions().forEach(s -> value.add(AdminApi.subscriptionView(s)));
            return EmuResponse.json(200, AdminApi.JSON.createObjectNode().set("value", value));
        }
        if (route.equals("POST " + SUBSCRIPTIONS)) {
            ObjectNode body = request.jsonObject("BadRequest");
            EventSubscription subscription = emulator.eventGrid().subscribe(subscription(body),
                    body.hasNonNull("validationHandshake") ? body.get("validationHandshake").asBoolean() : null);
            return EmuResponse.json(201, AdminApi.subscriptionView(subscription));
        }
        if (method.equals("DELETE") && path.startsWith(SUBSCRIPTIONS + "/")) {
            return EmuResponse.empty(emulator.eventGrid().unsubscribe(path.substring(SUBSCRIPTIONS.length() + 1)) ? 200 : 204);
        }
        if (route.equals("GET " + TOPICS)) {
            ArrayNode value = AdminApi.JSON.createArrayNode();
            emulator.eventGrid().topics().forEach(t -> value.add(AdminApi.topicView(emulator, t)));
            return EmuResponse.json(200, AdminApi.JSON.createObjectNode().set("value", value));
        }
        if (route.equals("POST " + TOPICS)) {
            ObjectNode body = request.jsonObject("BadRequest");
            String name = AdminApi.text(body, "name", null);
            if (name == null) {
                throw new IllegalArgumentException("a topic needs a 'name'");
            }
            CustomTopic topic = emulator.eventGrid().createTopic(name, AdminApi.text(body, "resourceGroup", "eventgrid"),
                    AdminApi.schema(AdminApi.text(body, "inputSchema", EventSchema.EVENT_GRID.armName())));
            return EmuResponse.json(201, AdminApi.topicView(emulator, topic));
        }
        if (method.equals("DELETE") && path.startsWith(TOPICS + "/")) {
            return EmuResponse.empty(emulator.eventGrid().deleteTopic(path.substring(TOPICS.length() + 1)) ? 200 : 204);
        }
        if (route.equals("GET /eventgrid/deliveries")) {
            long since = AdminApi.since(request);
            return EmuResponse.json(200, AdminApi.listOf(emulator.eventGrid().deliveries().records().stream()
                    .filter(record -> record.sequence() > since).toList()));
        }
        if (route.equals("GET /eventgrid/deadletters")) {
            return EmuResponse.json(200, AdminApi.listOf(emulator.eventGrid().deliveries().deadLetters()));
        }
        throw new EmuException(404, "NotFound", "No admin route " + route + ". See emulator/README.md.");
    }

    /** The admin body of a subscription; a bare custom topic name stands for that topic's ARM ID. */
    private EventSubscription subscription(ObjectNode body) {
        String topic = AdminApi.text(body, "topic", null);
        if (topic == null) {
            throw new IllegalArgumentException("a subscription needs a 'topic': /subscriptions/<sub>, "
                    + "/subscriptions/<sub>/resourceGroups/<rg>, or a custom topic's name or ID");
        }
        if (!topic.startsWith("/")) {
            topic = emulator.eventGrid().topic(topic).map(CustomTopic::armId)
                    .orElseThrow(() -> new EmuException(404, "ResourceNotFound", "No custom topic named '"
                            + AdminApi.text(body, "topic", "") + "'."));
        }
        String endpoint = AdminApi.text(body, "endpointUrl", null);
        if (endpoint == null) {
            throw new IllegalArgumentException("a subscription needs an 'endpointUrl'");
        }
        List<String> types = new ArrayList<>();
        JsonNode included = body.get("includedEventTypes");
        if (included != null && included.isArray()) {
            included.forEach(type -> types.add(type.asText()));
        }
        return new EventSubscription(AdminApi.text(body, "name", null), topic, AdminApi.uri(endpoint, "endpointUrl"), types,
                AdminApi.text(body, "subjectBeginsWith", ""), AdminApi.text(body, "subjectEndsWith", ""),
                AdminApi.schema(AdminApi.text(body, "eventDeliverySchema", EventSchema.EVENT_GRID.armName())),
                body.path("maxDeliveryAttempts").asInt(30),
                Duration.ofMinutes(body.path("eventTimeToLiveInMinutes").asLong(1440)));
    }
}
