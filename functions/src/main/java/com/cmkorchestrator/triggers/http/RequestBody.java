package com.cmkorchestrator.triggers.http;

import com.cmkorchestrator.core.model.BindingJson;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpRequestMessage;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a JSON request body into a core type, telling the three kinds of bad input apart: a body that is not JSON or
 * not an object (400), one of another media type or too large (415, 413), and a JSON object whose fields the core
 * rejects (422, naming the field, from {@link BindingJson}).
 */
public final class RequestBody {

    /** Far above any binding or HSM request, far below what the state table holds. */
    public static final int MAX_BYTES = 64 * 1024;

    // Strict syntax: duplicate keys and trailing content are mistakes, not something to guess about.
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private RequestBody() {
    }

    /**
     * @throws ProblemException for a body that is missing, not JSON, not an object, not JSON-typed or too large
     * @throws com.cmkorchestrator.core.model.BindingValidationException naming the field the core rejects
     */
    public static <T> T read(HttpRequestMessage<Optional<String>> request, Class<T> type) {
        return read(request, type, Map.of());
    }

    /**
     * As {@link #read(HttpRequestMessage, Class)}, with values for fields the client may leave out but the core's
     * JSON reading requires (primitive booleans).
     */
    public static <T> T read(HttpRequestMessage<Optional<String>> request, Class<T> type, Map<String, Object> defaults) {
        String instance = Replies.path(request);
        requireJsonMediaType(request, instance);
        String body = request.getBody().filter(text -> !text.isBlank()).orElseThrow(() -> new ProblemException(
                Problem.of(ProblemType.MALFORMED_REQUEST, "a JSON object is required as the request body", instance,
                        "", "is missing")));
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new ProblemException(Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "the body has " + bytes
                    + " bytes; at most " + MAX_BYTES + " are accepted", instance));
        }
        JsonNode tree;
        try {
            tree = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ProblemException(Problem.of(ProblemType.MALFORMED_REQUEST,
                    "the body is not valid JSON" + where + ": " + e.getOriginalMessage(), instance, "", "is not valid JSON"));
        }
        if (!tree.isObject()) {
            throw new ProblemException(Problem.of(ProblemType.MALFORMED_REQUEST,
                    "the body must be a JSON object, not " + tree.getNodeType().name().toLowerCase(Locale.ROOT),
                    instance, "", "must be a JSON object"));
        }
        ObjectNode object = (ObjectNode) tree;
        defaults.forEach((field, value) -> {
            if (!object.has(field)) {
                object.set(field, STRICT.valueToTree(value));
            }
        });
        return BindingJson.read(object.toString(), type);
    }

    /** Refuses a request that declares a body of another media type; a missing Content-Type is taken as JSON. */
    private static void requireJsonMediaType(HttpRequestMessage<Optional<String>> request, String instance) {
        String contentType = header(request.getHeaders(), "Content-Type");
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        // the part before any parameters; ";" alone has none, which split(";") would turn into no parts at all
        int parameters = contentType.indexOf(';');
        String mediaType = (parameters < 0 ? contentType : contentType.substring(0, parameters))
                .strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw new ProblemException(Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type is '" + contentType + "'; send application/json", instance,
                    "Content-Type", "must be application/json"));
        }
    }

    /** Header names are case-insensitive; the Functions worker's map may not be. */
    static String header(Map<String, String> headers, String name) {
        return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
