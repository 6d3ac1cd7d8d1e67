package com.cmkorchestrator.adapters;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Optional;

/**
 * ARM resources as JSON documents, through the subscription's ARM pipeline (paced, pinned to ARM's origin, no
 * retries), for the resource types no typed client covers and for writes that must send back exactly what they read.
 */
final class ArmDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AzureConnection azure;

    ArmDocuments(AzureConnection azure) {
        this.azure = azure;
    }

    /** A write's first answer: status, headers (the operation, if one began) and the body. */
    record Answer(int status, HttpHeaders headers, JsonNode body) {
    }

    /** {@code GET {id}}: the document, or empty on 404. */
    Optional<JsonNode> get(ArmId id, String apiVersion) {
        String what = "GET " + id;
        return AzureCalls.call(what, () -> {
            try (HttpResponse response = pipeline(id).sendSync(new HttpRequest(HttpMethod.GET, url(id, apiVersion)),
                    Context.NONE)) {
                String body = text(response);
                if (response.getStatusCode() == 404) {
                    return Optional.<JsonNode>empty();
                }
                if (response.getStatusCode() != 200) {
                    throw AzureErrorTranslator.fromResponse(what, response, body);
                }
                return Optional.of(parse(what, response, body));
            }
        });
    }

    /** {@code PUT {id}} with {@code document}: ARM's first answer (200, 201 or 202), or its refusal thrown. */
    Answer put(ArmId id, String apiVersion, JsonNode document, String what) {
        HttpRequest request = new HttpRequest(HttpMethod.PUT, url(id, apiVersion))
                .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json").setBody(document.toString());
        return AzureCalls.call(what, () -> {
            try (HttpResponse response = pipeline(id).sendSync(request, Context.NONE)) {
                String body = text(response);
                int status = response.getStatusCode();
                if (status != 200 && status != 201 && status != 202) {
                    throw AzureErrorTranslator.fromResponse(what, response, body);
                }
                return new Answer(status, response.getHeaders(),
                        body.isBlank() ? JSON.createObjectNode() : parse(what, response, body));
            }
        });
    }

    /** A document ARM answered as text (an operation's final result). */
    static JsonNode parse(String what, String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AzureCallException(what, 200, null, "the answer is not JSON");
        }
    }

    private String url(ArmId id, String apiVersion) {
        return azure.armEndpoint().toString().replaceFirst("/$", "") + id + "?api-version=" + apiVersion;
    }

    private HttpPipeline pipeline(ArmId id) {
        return azure.resources(id.subscriptionId()).genericResources().manager().httpPipeline();
    }

    private static String text(HttpResponse response) {
        return response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
    }

    private static JsonNode parse(String what, HttpResponse response, String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AzureCallException(what, response.getStatusCode(), null, "the answer is not JSON");
        }
    }
}
