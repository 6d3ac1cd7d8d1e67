package com.cmkorchestrator.emulator.admin;

import com.cmkorchestrator.emulator.eventgrid.CustomTopic;
import com.cmkorchestrator.emulator.eventgrid.EventSchema;
import com.cmkorchestrator.emulator.eventgrid.EventSubscription;
import com.cmkorchestrator.emulator.faults.FaultSettings;
import com.cmkorchestrator.emulator.transport.EmuException;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.cmkorchestrator.emulator.transport.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The emulator's own API, {@code /_emulator/...} on the ARM port, no token needed (see README):
 * the clock, everything ARM and the HSM fleet hold, the request log, Event Grid subscriptions,
 * topics, deliveries and dead letters, and the fault settings.
 */
public final class AdminApi implements RequestHandler {
    public static final String PREFIX = "/_emulator";
    /** Records (with {@code Instant}s) as JSON. */
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    private final AdministeredEmulator emulator;
    private final EventGridAdmin eventGrid;

    public AdminApi(AdministeredEmulator emulator) {
        this.emulator = emulator;
        this.eventGrid = new EventGridAdmin(emulator);
    }

    @Override
    public EmuResponse handle(EmuRequest request) {
        String path = request.path().substring(PREFIX.length()).replaceAll("/+$", "");
        String route = request.method() + " " + path;
        try {
            return switch (route) {
                case "GET ", "GET /info" -> EmuResponse.json(200, emulator.info());
                case "GET /clock" -> clock();
                case "POST /clock/advance" -> advance(request.jsonObject("BadRequest"));
                case "GET /state" -> state();
                case "GET /hsms" -> EmuResponse.json(200, JSON.valueToTree(HsmInventory.of(emulator.fleet())));
                case "GET /requests" -> EmuResponse.json(200, listOf(emulator.requestLog().since(since(request))));
                case "GET /requests/mark" -> EmuResponse.json(200, JSON.createObjectNode().put("mark", emulator.requestLog().mark()));
                case "GET /faults" -> EmuResponse.json(200, JSON.valueToTree(emulator.faults()));
                case "GET /limits" -> limits();
                case "PUT /faults", "PATCH /faults" -> faults(request.jsonObject("BadRequest"));
                case "GET /timing" -> timing();
                case "PUT /timing", "PATCH /timing" -> timing(request.jsonObject("BadRequest"));
                default -> eventGrid.handle(request, route);
            };
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new EmuException(400, "BadRequest", e.getMessage());
        }
    }

    /** What ARM and Compute throttle with, as {@code --arm-*} and {@code --compute-disk-*} set it, and the list page size. */
    private EmuResponse limits() {
        ObjectNode body = JSON.createObjectNode();
        body.set("rateLimits", JSON.valueToTree(emulator.rateLimits()));
        body.put("listPageSize", emulator.listPageSize());
        return EmuResponse.json(200, body);
    }

    /** What may change of the emulator's timing while it runs: {@code operationDuration}. */
    private EmuResponse timing() {
        return EmuResponse.json(200, JSON.createObjectNode().put("operationDuration",
                emulator.operationDuration().toString()));
    }

    /** {@code {"operationDuration": "PT30S"}}: the length of the long-running operations begun from now on. */
    private EmuResponse timing(ObjectNode body) {
        body.fieldNames().forEachRemaining(field -> {
            if (!field.equals("operationDuration")) {
                throw new IllegalArgumentException("unknown timing setting '" + field + "'; known: operationDuration");
            }
        });
        if (body.has("operationDuration")) {
            emulator.setOperationDuration(Duration.parse(body.get("operationDuration").asText()));
        }
        return timing();
    }

    private EmuResponse clock() {
        return EmuResponse.json(200, JSON.createObjectNode().put("now", emulator.clock().instant().toString())
                .put("timeScale", emulator.clock().rate()));
    }

    /** {@code {"seconds": 90}} or {@code {"duration": "PT24H"}}. */
    private EmuResponse advance(ObjectNode body) {
        Duration by;
        if (body.has("duration")) {
            by = Duration.parse(body.get("duration").asText());
        } else if (body.path("seconds").isNumber()) {
            by = Duration.ofMillis((long) (body.get("seconds").asDouble() * 1000));
        } else {
            throw new IllegalArgumentException("give {\"seconds\": n} or {\"duration\": \"PT1H\"}");
        }
        return EmuResponse.json(200, JSON.createObjectNode().put("now", emulator.clock().advance(by).toString()));
    }

    private EmuResponse state() {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode groups = body.putArray("resourceGroups");
        ArrayNode resources = body.putArray("resources");
        emulator.armDocuments().forEach(doc -> {
            if ("Microsoft.Resources/resourceGroups".equals(doc.path("type").asText())) {
                groups.add(doc);
            } else {
                resources.add(doc);
            }
        });
        ArrayNode operations = body.putArray("operations");
        emulator.operations().all().forEach(operation -> operations.addObject().put("id", operation.id())
                .put("method", operation.method()).put("resourceId", operation.resourceId())
                .put("status", operation.status().name()).put("due", operation.due().toString()));
        ArrayNode scheduled = body.putArray("scheduled");
        emulator.scheduler().pending().forEach(scheduled::add);
        body.set("hsms", JSON.valueToTree(HsmInventory.of(emulator.fleet())));
        return EmuResponse.json(200, body);
    }

    /** A partial {@link FaultSettings}: only the given fields change. */
    private EmuResponse faults(ObjectNode body) {
        FaultSettings settings = emulator.faults();
        try {
            ObjectNode merged = JSON.valueToTree(settings);
            body.fields().forEachRemaining(field -> {
                if (!merged.has(field.getKey())) {
                    throw new IllegalArgumentException("unknown fault setting '" + field.getKey() + "'; known: "
                            + String.join(", ", iterable(merged.fieldNames())));
                }
                merged.set(field.getKey(), field.getValue());
            });
            settings = JSON.treeToValue(merged, FaultSettings.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("invalid fault settings: " + e.getOriginalMessage());
        }
        emulator.setFaults(settings);
        return EmuResponse.json(200, JSON.valueToTree(settings));
    }

    static long since(EmuRequest request) {
        String value = request.queryParam("since").orElse("0");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'since' must be a number (a mark from /_emulator/requests/mark)");
        }
    }

    static ObjectNode listOf(List<?> items) {
        ObjectNode body = JSON.createObjectNode();
        body.set("value", JSON.valueToTree(items));
        return body;
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    /** Helpers shared with {@link EventGridAdmin}. */
    static String text(JsonNode body, String field, String fallback) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? fallback : value.asText();
    }

    static URI uri(String value, String field) {
        try {
            return URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not a URL: " + value);
        }
    }

    static EventSchema schema(String value) {
        return EventSchema.parse(value);
    }

    static ObjectNode topicView(AdministeredEmulator emulator, CustomTopic topic) {
        ObjectNode view = JSON.createObjectNode();
        view.put("name", topic.name()).put("id", topic.armId())
                .put("endpoint", emulator.armEndpoint().resolve(topic.publishPath().substring(1)).toString())
                .put("key", topic.key()).put("inputSchema", topic.inputSchema().armName());
        return view;
    }

    static ObjectNode subscriptionView(EventSubscription subscription) {
        ObjectNode view = JSON.valueToTree(subscription);
        view.put("schema", subscription.schema().armName());
        return view;
    }
}
