package com.cmkorchestrator.emulator.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP response from the emulator: status, headers and an optional JSON body. */
public record EmuResponse(int status, Map<String, String> headers, byte[] body) {

    public static EmuResponse json(int status, JsonNode body) {
        try {
            return new EmuResponse(status, new LinkedHashMap<>(Map.of("Content-Type", "application/json; charset=utf-8")),
                    EmuRequest.JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static EmuResponse empty(int status) {
        return new EmuResponse(status, new LinkedHashMap<>(), new byte[0]);
    }

    public static EmuResponse text(int status, String contentType, String text) {
        return new EmuResponse(status, new LinkedHashMap<>(Map.of("Content-Type", contentType)),
                text.getBytes(StandardCharsets.UTF_8));
    }

    /** Azure's error body, used by ARM and by the Key Vault / Managed HSM data plane alike. */
    public static EmuResponse error(int status, String code, String message) {
        return error(status, code, message, null);
    }

    /** Azure's error body with {@code error.target} (Compute names the offending property there). */
    public static EmuResponse error(int status, String code, String message, String target) {
        ObjectNode error = EmuRequest.JSON.createObjectNode();
        ObjectNode inner = error.putObject("error").put("code", code).put("message", message);
        if (target != null) {
            inner.put("target", target);
        }
        return json(status, error);
    }

    /** The JSON body, or an empty object when there is none or it is not JSON. */
    public JsonNode jsonBody() {
        if (body.length == 0) {
            return EmuRequest.JSON.createObjectNode();
        }
        try {
            return EmuRequest.JSON.readTree(body);
        } catch (java.io.IOException e) {
            return EmuRequest.JSON.createObjectNode();
        }
    }

    /** Returns a copy with one more header (replacing one of the same name). */
    public EmuResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new EmuResponse(status, copy, body);
    }
}
