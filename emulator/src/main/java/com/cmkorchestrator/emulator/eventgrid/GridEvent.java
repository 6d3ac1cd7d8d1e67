package com.cmkorchestrator.emulator.eventgrid;

import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * One event inside the emulated Event Grid, independent of the schema it arrived in or leaves in.
 * System events (ARM's {@code Microsoft.Resources.*}) are built in Event Grid schema; events
 * published to a Cloud Events topic keep their original JSON ({@code cloudEvent}) so that a
 * subscriber gets exactly what the publisher sent, extension attributes included.
 *
 * @param topic      the topic path, set when the event is routed to a subscription
 * @param cloudEvent the original Cloud Event, or null for Event Grid schema events
 */
public record GridEvent(String id, String topic, String subject, String eventType, Instant eventTime, JsonNode data,
                        String dataVersion, ObjectNode cloudEvent) {

    public GridEvent {
        if (id == null || id.isEmpty() || eventType == null || eventType.isEmpty()) {
            throw new IllegalArgumentException("an event needs an id and a type");
        }
        subject = subject == null ? "" : subject;
    }

    public static GridEvent ofEventGridSchema(String id, String subject, String eventType, Instant eventTime,
                                              JsonNode data, String dataVersion) {
        return new GridEvent(id, null, subject, eventType, eventTime, data, dataVersion, null);
    }

    public static GridEvent ofCloudEvent(ObjectNode cloudEvent, Instant receivedAt) {
        Instant time = receivedAt;
        if (cloudEvent.hasNonNull("time")) {
            time = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(cloudEvent.get("time").asText(), Instant::from);
        }
        return new GridEvent(cloudEvent.path("id").asText(), cloudEvent.path("source").asText(null),
                cloudEvent.path("subject").asText(""), cloudEvent.path("type").asText(), time,
                cloudEvent.get("data"), null, cloudEvent.deepCopy());
    }

    public GridEvent withTopic(String newTopic) {
        return new GridEvent(id, newTopic, subject, eventType, eventTime, data, dataVersion, cloudEvent);
    }

    /** The event in Event Grid schema (only for events that did not arrive as Cloud Events). */
    public ObjectNode toEventGridSchema() {
        ObjectNode node = EmuRequest.JSON.createObjectNode();
        node.put("id", id).put("topic", topic).put("subject", subject).put("eventType", eventType)
                .put("eventTime", eventTime.toString());
        node.set("data", data == null ? EmuRequest.JSON.nullNode() : data.deepCopy());
        node.put("dataVersion", dataVersion == null ? "" : dataVersion).put("metadataVersion", "1");
        return node;
    }

    /** The event as a Cloud Event 1.0: the original one, or Event Grid's mapping of an Event Grid schema event. */
    public ObjectNode toCloudEvent() {
        if (cloudEvent != null) {
            return cloudEvent.deepCopy();
        }
        ObjectNode node = EmuRequest.JSON.createObjectNode();
        node.put("id", id).put("source", topic).put("specversion", "1.0").put("type", eventType)
                .put("subject", subject).put("time", eventTime.toString());
        if (data != null) {
            node.set("data", data.deepCopy());
        }
        return node;
    }

    public ObjectNode render(EventSchema schema) {
        return schema == EventSchema.CLOUD_EVENTS ? toCloudEvent() : toEventGridSchema();
    }
}
