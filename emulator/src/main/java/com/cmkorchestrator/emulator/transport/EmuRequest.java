package com.cmkorchestrator.emulator.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as the emulator's handlers see it: already read, with its query decoded and,
 * once authenticated, the caller's object ID.
 *
 * @param port the local port it arrived on (identifies the Managed HSM for data-plane calls)
 * @param callerOid the {@code oid} claim of the bearer token, or {@code null} before authentication
 */
public record EmuRequest(String method, URI uri, int port, Map<String, List<String>> headers,
                         Map<String, String> query, byte[] body, String callerOid) {

    public static final ObjectMapper JSON = new ObjectMapper();

    public String path() { return uri.getRawPath(); }

    public Optional<String> header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return Optional.of(e.getValue().get(0));
            }
        }
        return Optional.empty();
    }

    public Optional<String> queryParam(String name) { return Optional.ofNullable(query.get(name)); }

    public String bodyText() { return new String(body, StandardCharsets.UTF_8); }

    /**
     * The body as a JSON object.
     *
     * @throws EmuException 400 with the given error code when the body is missing or not a JSON object
     */
    public ObjectNode jsonObject(String errorCode) {
        if (body.length == 0) {
            throw new EmuException(400, errorCode, "The request content was invalid and could not be deserialized: empty body.");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node instanceof ObjectNode object) {
                return object;
            }
            throw new EmuException(400, errorCode, "The request content was invalid and could not be deserialized: expected a JSON object.");
        } catch (JsonProcessingException e) {
            throw new EmuException(400, errorCode,
                    "The request content was invalid and could not be deserialized: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new EmuException(400, errorCode, "The request content could not be read: " + e.getMessage());
        }
    }

    public EmuRequest withCaller(String oid) {
        return new EmuRequest(method, uri, port, headers, query, body, oid);
    }
}
