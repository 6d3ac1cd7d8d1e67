package com.cmkorchestrator.emulator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** One vendored official example ({@code src/test/resources/rest-examples/...}). */
public final class RestExample {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonNode root;

    private RestExample(JsonNode root) {
        this.root = root;
    }

    public static RestExample load(String path) {
        try (InputStream in = RestExample.class.getResourceAsStream("/rest-examples/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no vendored example " + path);
            }
            return new RestExample(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode root() { return root; }

    public String apiVersion() { return root.path("parameters").path("api-version").asText(); }

    /** The request body under {@code parameters.<name>}, copied so tests can substitute placeholders. */
    public ObjectNode requestBody(String parameterName) {
        return (ObjectNode) root.path("parameters").path(parameterName).deepCopy();
    }

    /** The example's body for an answer with {@code status}. */
    public JsonNode responseBody(int status) {
        JsonNode response = root.path("responses").path(Integer.toString(status));
        if (response.isMissingNode()) {
            throw new IllegalArgumentException("the example has no " + status + " answer");
        }
        return response.path("body");
    }

    public boolean allowsStatus(int status) {
        return root.path("responses").has(Integer.toString(status));
    }

    /** Replaces every occurrence of {@code placeholder} in a request body's text. */
    public static ObjectNode substitute(ObjectNode body, String placeholder, String value) {
        try {
            return (ObjectNode) JSON.readTree(body.toString().replace(placeholder, value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
