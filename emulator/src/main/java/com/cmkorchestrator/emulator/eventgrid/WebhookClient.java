package com.cmkorchestrator.emulator.eventgrid;

import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Event Grid's side of the webhook wire: notifications with the {@code aeg-*} headers, the
 * subscription validation handshake for Event Grid schema, and the Cloud Events abuse-protection
 * handshake ({@code OPTIONS} with {@code WebHook-Request-Origin}). Plain HTTP is allowed because the
 * local development host listens on {@code http://localhost:7071}.
 */
public final class WebhookClient {
    /** The origin Event Grid announces in the Cloud Events handshake. */
    public static final String ORIGIN = "eventgrid.azure.net";

    /** @param status 0 when there was no answer */
    public record Answer(int status, String body, String error) {
        public boolean succeeded() { return status >= 200 && status <= 204; }
    }

    private final HttpClient http;
    private final Duration timeout;

    public WebhookClient(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Delivers one event; Event Grid sends one event per request (its default batch size of 1). */
    public Answer deliver(EventSubscription subscription, ObjectNode event, int attempt, String dataVersion) {
        boolean cloud = subscription.schema() == EventSchema.CLOUD_EVENTS;
        String body;
        if (cloud) {
            body = event.toString();
        } else {
            ArrayNode batch = EmuRequest.JSON.createArrayNode();
            batch.add(event);
            body = batch.toString();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(subscription.endpoint()).timeout(timeout)
                .header("Content-Type", cloud ? "application/cloudevents+json; charset=utf-8" : "application/json; charset=utf-8")
                .header("aeg-event-type", "Notification")
                .header("aeg-subscription-name", subscription.name().toUpperCase(Locale.ROOT))
                .header("aeg-delivery-count", Integer.toString(attempt - 1))
                .header("aeg-metadata-version", "1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (dataVersion != null) {
            request.header("aeg-data-version", dataVersion);
        }
        return send(request.build());
    }

    /**
     * Event Grid schema handshake: posts a {@code SubscriptionValidationEvent} and expects
     * {@code {"validationResponse": "<code>"}} back.
     *
     * @return null when the subscriber echoed the code, else why the handshake failed
     */
    public String validate(EventSubscription subscription, Instant now) {
        if (subscription.schema() == EventSchema.CLOUD_EVENTS) {
            return abuseProtectionHandshake(subscription);
        }
        String code = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        ObjectNode event = EmuRequest.JSON.createObjectNode();
        event.put("id", UUID.randomUUID().toString()).put("topic", subscription.topic()).put("subject", "")
                .put("eventType", "Microsoft.EventGrid.SubscriptionValidationEvent").put("eventTime", now.toString())
                .put("metadataVersion", "1").put("dataVersion", "2");
        event.putObject("data").put("validationCode", code).putNull("validationUrl");
        ArrayNode batch = EmuRequest.JSON.createArrayNode().add(event);
        Answer answer = send(HttpRequest.newBuilder(subscription.endpoint()).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("aeg-event-type", "SubscriptionValidation")
                .header("aeg-subscription-name", subscription.name().toUpperCase(Locale.ROOT))
                .header("aeg-delivery-count", "0").header("aeg-metadata-version", "1").header("aeg-data-version", "2")
                .POST(HttpRequest.BodyPublishers.ofString(batch.toString())).build());
        if (!answer.succeeded()) {
            return "Http POST request failed with response code " + answer.status()
                    + (answer.error() == null ? "" : " (" + answer.error() + ")") + ".";
        }
        try {
            JsonNode echoed = EmuRequest.JSON.readTree(answer.body() == null ? "" : answer.body());
            if (echoed != null && code.equals(echoed.path("validationResponse").asText(null))) {
                return null;
            }
        } catch (IOException e) {
            // falls through: not the expected JSON
        }
        return "Http POST request returned 2XX response with response body " + answer.body()
                + ". The response body must be {\"validationResponse\": \"<validationCode>\"}.";
    }

    private String abuseProtectionHandshake(EventSubscription subscription) {
        Answer answer = send(HttpRequest.newBuilder(subscription.endpoint()).timeout(timeout)
                .header("WebHook-Request-Origin", ORIGIN).header("WebHook-Request-Rate", "120")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        if (answer.succeeded() && answer.body() != null) {
            String allowed = answer.body();
            if (allowed.equals("*") || allowed.equalsIgnoreCase(ORIGIN)) {
                return null;
            }
        }
        return "Http OPTIONS request returned " + answer.status()
                + " without 'WebHook-Allowed-Origin: " + ORIGIN + "' (or '*').";
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String body = "OPTIONS".equals(request.method())
                    ? response.headers().firstValue("WebHook-Allowed-Origin").orElse(null) : response.body();
            return new Answer(response.statusCode(), body, null);
        } catch (IOException e) {
            return new Answer(0, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, null, "interrupted");
        }
    }
}
