package com.cmkorchestrator.adapters.eventgrid;

import com.azure.core.models.CloudEvent;
import com.azure.core.util.BinaryData;
import com.azure.messaging.eventgrid.EventGridEvent;
import com.cmkorchestrator.app.events.GridEvent;
import com.cmkorchestrator.app.events.GridEventReader;
import com.cmkorchestrator.app.events.KeyVaultEventData;
import com.cmkorchestrator.app.events.MalformedEventException;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.state.KeyEventKind;
import com.cmkorchestrator.state.StateLimits;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Arrays;
import java.util.Optional;

/**
 * Reads one Event Grid event, in the Event Grid schema or as a CloudEvent 1.0, into a {@link GridEvent}.
 * The envelope is checked by the Event Grid SDK's own parsers ({@link EventGridEvent#fromString},
 * {@link CloudEvent#fromString}); only the {@code data} of the two event families this app handles is read here.
 */
public final class GridEventParser implements GridEventReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public GridEvent read(String json) {
        JsonNode tree = tree(json);
        if (tree.isArray()) {
            if (tree.size() != 1) {
                throw new MalformedEventException("expected one event, got an array of " + tree.size());
            }
            tree = tree.get(0);
        }
        if (!tree.isObject()) {
            throw new MalformedEventException("an event must be a JSON object, not " + tree.getNodeType());
        }
        Envelope envelope = tree.has("specversion") ? cloudEvent(tree.toString()) : eventGridEvent(tree.toString());
        return interpret(envelope);
    }

    /** @param topic the Event Grid schema's {@code topic}, or the CloudEvent's {@code source} */
    private record Envelope(String id, String type, String topic, BinaryData data) {
    }

    // The SDK's readers throw IllegalArgumentException for a missing field, but let DateTimeParseException out for
    // a time that is no time and lose their place after a field of the wrong type. Reading a string cannot fail
    // transiently, so whatever they throw means the envelope is unreadable.

    private static Envelope eventGridEvent(String json) {
        try {
            EventGridEvent event = EventGridEvent.fromString(json).get(0);
            return new Envelope(event.getId(), event.getEventType(), event.getTopic(), event.getData());
        } catch (RuntimeException e) {
            throw new MalformedEventException("not an Event Grid schema event: " + e.getMessage(), e);
        }
    }

    private static Envelope cloudEvent(String json) {
        try {
            CloudEvent event = CloudEvent.fromString(json).get(0);
            return new Envelope(event.getId(), event.getType(), event.getSource(), event.getData());
        } catch (RuntimeException e) {
            throw new MalformedEventException("not a CloudEvent 1.0: " + e.getMessage(), e);
        }
    }

    private static GridEvent interpret(Envelope envelope) {
        Optional<KeyEventKind> kind = Arrays.stream(KeyEventKind.values())
                .filter(k -> k.eventType().equalsIgnoreCase(envelope.type())).findFirst();
        if (kind.isPresent()) {
            return keyEvent(envelope, kind.get());
        }
        if (GridEvent.ResourceWritten.TYPE.equalsIgnoreCase(envelope.type())) {
            return resourceWritten(envelope);
        }
        return new GridEvent.Unhandled(envelope.id(), envelope.type());
    }

    private static GridEvent keyEvent(Envelope envelope, KeyEventKind kind) {
        KeyVaultEventData data = KeyVaultEventJson.read(dataObject(envelope));
        if (data.objectType() != null && !data.objectType().equalsIgnoreCase(KeyVaultEventData.KEY_OBJECT_TYPE)) {
            throw new MalformedEventException("data.ObjectType is '" + data.objectType() + "' in a " + kind.shortName()
                    + " event; expected 'Key'");
        }
        // Name and version also travel in data.Id; use it where the separate fields are missing.
        Optional<KeyRef> fromId = Optional.ofNullable(data.id()).flatMap(GridEventParser::keyRef);
        String vault = Optional.ofNullable(data.vaultName()).or(() -> fromId.map(KeyRef::hsmName)).orElse(null);
        String key = Optional.ofNullable(data.objectName()).or(() -> fromId.map(KeyRef::name)).orElse(null);
        String version = Optional.ofNullable(data.version()).or(() -> fromId.flatMap(KeyRef::versionId)).orElse(null);
        if (vault == null || key == null) {
            throw new MalformedEventException(kind.shortName() + " event " + envelope.id()
                    + " names no vault and key: data.VaultName and data.ObjectName (or a key identifier in data.Id) are required");
        }
        if (version == null && kind == KeyEventKind.KEY_NEW_VERSION_CREATED) {
            throw new MalformedEventException(kind.shortName() + " event " + envelope.id()
                    + " names no version: data.Version (or a versioned key identifier in data.Id) is required");
        }
        requireKeyVaultName(envelope, kind, "data.VaultName", vault);
        requireKeyVaultName(envelope, kind, "data.ObjectName", key);
        if (version != null) {
            requireKeyVaultName(envelope, kind, "data.Version", version);
        }
        return new GridEvent.KeyEvent(envelope.id(), kind, vault, key, version, fromId.map(KeyRef::hsmUri).orElse(null),
                armId(envelope.topic()).orElse(null));
    }

    /** The topic or source as an ARM ID, when it is one (a vault's or an HSM's); a custom topic's is one too. */
    private static Optional<ArmId> armId(String topic) {
        if (topic == null || topic.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ArmId.parse(topic));
        } catch (IllegalArgumentException notAnArmId) {
            return Optional.empty();
        }
    }

    /**
     * Vault, HSM and key names and key versions are letters, digits and '-' wherever they come from. Anything else
     * was not written by Key Vault or the bridge, and would only fail later, as a queue item or in a URL, making the
     * event fail on every redelivery.
     */
    private static void requireKeyVaultName(Envelope envelope, KeyEventKind kind, String field, String value) {
        try {
            StateLimits.requireKeyVaultName(field, value);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException(kind.shortName() + " event " + envelope.id() + ": " + e.getMessage(), e);
        }
    }

    private static GridEvent resourceWritten(Envelope envelope) {
        JsonNode data = dataObject(envelope);
        String resourceUri = data.path("resourceUri").asText("").strip();
        String operation = data.path("operationName").asText("").strip();
        if (resourceUri.isEmpty() || operation.isEmpty()) {
            throw new MalformedEventException("ResourceWriteSuccess event " + envelope.id()
                    + " lacks data.resourceUri or data.operationName");
        }
        try {
            return new GridEvent.ResourceWritten(envelope.id(), ArmId.parse(resourceUri), operation,
                    ResourceWriteCaller.of(data).orElse(null));
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("ResourceWriteSuccess event " + envelope.id() + ": data.resourceUri "
                    + e.getMessage(), e);
        }
    }

    private static JsonNode dataObject(Envelope envelope) {
        JsonNode data = envelope.data() == null ? null : tree(envelope.data().toString());
        if (data == null || !data.isObject()) {
            throw new MalformedEventException(envelope.type() + " event " + envelope.id() + " has no data object");
        }
        return data;
    }

    private static Optional<KeyRef> keyRef(String id) {
        try {
            return Optional.of(KeyRef.parse(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static JsonNode tree(String json) {
        if (json == null || json.isBlank()) {
            throw new MalformedEventException("the event is empty");
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("the event is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
