package com.cmkorchestrator.emulator.eventgrid;

import com.cmkorchestrator.emulator.transport.EmuException;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.cmkorchestrator.emulator.transport.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A custom topic's publish endpoint, {@code POST /eventgrid/topics/<name>/api/events}, as the
 * {@code EventGridPublisherClient} calls it: key in {@code aeg-sas-key}, a JSON array of Event Grid
 * schema events, or Cloud Events ({@code application/cloudevents-batch+json} or a single
 * {@code application/cloudevents+json}) for a Cloud Events topic. Answers 200 with an empty body,
 * or Event Grid's 400 / 401 / 404 / 413 errors; nothing is routed unless the whole batch is valid.
 */
public final class TopicEndpoint implements RequestHandler {
    public static final String PREFIX = "/eventgrid/topics/";
    private static final Pattern PATH = Pattern.compile("^/eventgrid/topics/([^/]+)/api/events/?$");
    private static final int MAX_BATCH_BYTES = 1024 * 1024;

    private final EventGrid eventGrid;
    private final Clock clock;

    public TopicEndpoint(EventGrid eventGrid, Clock clock) {
        this.eventGrid = eventGrid;
        this.clock = clock;
    }

    @Override
    public EmuResponse handle(EmuRequest request) {
        Matcher matcher = PATH.matcher(request.path());
        if (!matcher.matches()) {
            throw new EmuException(404, "NotFound", "The requested path '" + request.path() + "' does not exist.");
        }
        CustomTopic topic = eventGrid.topic(matcher.group(1)).orElseThrow(() -> new EmuException(404, "NotFound",
                "The topic '" + matcher.group(1) + "' does not exist."));
        if (!"POST".equals(request.method())) {
            throw new EmuException(405, "MethodNotAllowed", "Only POST is supported on " + request.path() + ".");
        }
        if (!keyMatches(request.header("aeg-sas-key").orElse(""), topic.key())) {
            throw new EmuException(401, "Unauthorized", "The request authorization key is not authorized for "
                    + topic.name().toUpperCase() + ". The key sent by the client (aeg-sas-key) does not match the topic's key.");
        }
        if (request.queryParam("api-version").isEmpty()) {
            throw invalid("The request is missing the api-version query parameter.");
        }
        if (request.body().length > MAX_BATCH_BYTES) {
            throw new EmuException(413, "RequestEntityTooLarge", "The maximum size (1536000) has been exceeded.");
        }
        List<GridEvent> events = topic.inputSchema() == EventSchema.CLOUD_EVENTS
                ? cloudEvents(request) : eventGridEvents(request);
        eventGrid.publish(topic, events);
        return EmuResponse.empty(200);
    }

    private static boolean keyMatches(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private List<GridEvent> eventGridEvents(EmuRequest request) {
        JsonNode body = parse(request);
        if (!(body instanceof ArrayNode array)) {
            throw invalid("The request body must be a JSON array of events.");
        }
        List<GridEvent> events = new ArrayList<>();
        for (JsonNode node : array) {
            if (!(node instanceof ObjectNode event)) {
                throw invalid("Each event must be a JSON object.");
            }
            for (String required : new String[] {"id", "subject", "eventType", "dataVersion"}) {
                requireText(event, required);
            }
            Instant time = time(event, "eventTime");
            events.add(GridEvent.ofEventGridSchema(event.get("id").asText(), event.get("subject").asText(),
                    event.get("eventType").asText(), time, event.get("data"), event.get("dataVersion").asText()));
        }
        return events;
    }

    private List<GridEvent> cloudEvents(EmuRequest request) {
        JsonNode body = parse(request);
        List<JsonNode> nodes = new ArrayList<>();
        if (body instanceof ArrayNode array) {
            array.forEach(nodes::add);
        } else {
            nodes.add(body);
        }
        List<GridEvent> events = new ArrayList<>();
        for (JsonNode node : nodes) {
            if (!(node instanceof ObjectNode event)) {
                throw invalid("Each event must be a JSON object.");
            }
            for (String required : new String[] {"id", "source", "type", "specversion"}) {
                requireText(event, required);
            }
            if (!"1.0".equals(event.get("specversion").asText())) {
                throw invalid("Property 'specversion' must be '1.0'.");
            }
            if (event.hasNonNull("time")) {
                time(event, "time");
            }
            events.add(GridEvent.ofCloudEvent(event, clock.instant()));
        }
        return events;
    }

    private static JsonNode parse(EmuRequest request) {
        try {
            JsonNode node = EmuRequest.JSON.readTree(request.body());
            if (node == null || node.isMissingNode()) {
                throw invalid("The request body is empty.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw invalid("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw invalid("The request body could not be read.");
        }
    }

    private static void requireText(ObjectNode event, String property) {
        JsonNode value = event.get(property);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw invalid("Required property '" + property + "' was not set.");
        }
    }

    private static Instant time(ObjectNode event, String property) {
        JsonNode value = event.get(property);
        if (value == null || !value.isTextual()) {
            throw invalid("Required property '" + property + "' was not set.");
        }
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(value.asText(), Instant::from);
        } catch (DateTimeParseException e) {
            throw invalid("Property '" + property + "' is not a valid ISO 8601 date-time: '" + value.asText() + "'.");
        }
    }

    /** Event Grid's 400: code BadRequest, the reason repeated in {@code details[].code = InputJsonInvalid}. */
    private static EmuException invalid(String message) {
        return new BadRequest(message);
    }

    /** A 400 whose body carries Event Grid's {@code details}. */
    static final class BadRequest extends EmuException {
        BadRequest(String message) {
            super(400, "BadRequest", message);
        }

        @Override
        public EmuResponse toResponse() {
            ObjectNode body = EmuRequest.JSON.createObjectNode();
            ObjectNode error = body.putObject("error").put("code", "BadRequest").put("message", getMessage());
            error.putArray("details").addObject().put("code", "InputJsonInvalid").put("message", getMessage());
            return EmuResponse.json(400, body);
        }
    }
}
