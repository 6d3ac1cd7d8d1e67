package com.cmkorchestrator.adapters;

import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.cmkorchestrator.adapters.pacing.RetryAfter;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.ports.TargetOperation;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.retry.Retries;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ARM's long-running operations on the bound resources, begun by the target adapters and then looked at once per
 * pass by URL, never waited for (MicrosoftDocs/azure-docs {@code azure-resource-manager/management/async-operations.md}):
 * a write answered 201/202 names its operation in {@code Azure-AsyncOperation} (a status document:
 * {@code InProgress}, {@code Succeeded}, {@code Failed}, {@code Canceled}) or only in {@code Location} (202 while it
 * runs, then the final answer), and how long to wait in {@code Retry-After}. Written by hand because the SDK's pollers
 * live in one process's memory, and an operation must outlive the pass that began it. The looks go through the
 * subscription's ARM pipeline, so they are paced and pinned to ARM's origin like every other ARM request.
 */
final class ArmOperations {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * One operation in this many is looked at through its operation's status even when its resource would do: ARM's
     * {@code startTime} and {@code endTime} there keep the usual length known as a provider slows down or speeds up.
     */
    static final int STATUS_SAMPLE = 16;

    private final AzureConnection azure;
    /** This kind of operation's recent durations: its adapter makes one kind only. */
    private final OperationDurations durations = new OperationDurations();
    private final AtomicLong begun = new AtomicLong();

    ArmOperations(AzureConnection azure) {
        this.azure = azure;
    }

    /** What one look found. */
    sealed interface Look {
    }

    /** Still running; look again after {@code retryAfter}. */
    record Running(Duration retryAfter) implements Look {
    }

    /** Ended well; {@code body} is the final answer of a {@code Location} poll (the resource), or null. */
    record Succeeded(String body) implements Look {
    }

    /** Ended in failure, with Azure's error. */
    record Failed(AzureCallException error) implements Look {
    }

    /**
     * The operation a write's first answer began, or empty when the answer is final (200: the write ended, and the
     * body is the resource).
     *
     * <p>Once this kind's usual length is known, the operation is looked at through the resource it writes
     * ({@link #throughResource}): one read, where the operation's status and then the resource took two. Before that,
     * and for one operation in {@link #STATUS_SAMPLE}, through its status, whose times teach the usual length.
     *
     * @param read    what the adapter read before writing, to compare with at the end ({@link TargetOperation#resumeToken()})
     * @param written the key references the write puts in the resource; none for a write the app does not poll
     */
    Optional<TargetOperation> begun(ArmId target, int status, HttpHeaders headers, JsonNode read,
                                    Map<KeySlot, KeyRef> written) {
        String asyncOperation = headers.getValue("Azure-AsyncOperation");
        String location = headers.getValue("Location");
        if (status == 200 || asyncOperation == null && location == null) {
            return Optional.empty();
        }
        Duration retryAfter = RetryAfter.of(headers);
        ObjectNode token = JSON.createObjectNode().put("via", asyncOperation != null ? "status" : "result");
        if (read != null) {
            token.set("read", read);
        }
        boolean sample = begun.getAndIncrement() % STATUS_SAMPLE == 0;
        if (!written.isEmpty() && durations.typical().isPresent() && !sample) {
            ObjectNode references = token.putObject("written");
            written.forEach((slot, key) -> references.put(slot.name(), key.url()));
        }
        return Optional.of(new TargetOperation(target, asyncOperation != null ? asyncOperation : location,
                durations.firstLook(retryAfter == null || retryAfter.isZero() ? Retries.OPERATION_POLL : retryAfter),
                token.toString()));
    }

    /**
     * Whether the operation is looked at through the resource it writes. ARM shows a resource under a PUT or PATCH
     * in a provisioningState that is not terminal until the operation ends, and deployments poll the resource so
     * (azure-resource-manager-rpc {@code async-api-reference.md}, "ProvisioningState property").
     */
    static boolean throughResource(TargetOperation operation) {
        return token(operation).has("written");
    }

    /**
     * Whether the resource, no longer busy, shows the write's end as a success: provisioningState {@code Succeeded}
     * (or none, which ARM reads as that) and every key reference the write put. Otherwise (Failed, Canceled, or a
     * reference someone else wrote after it) only the operation says what happened to the write.
     */
    static boolean endedAsWritten(TargetOperation operation, TargetState resource) {
        String state = resource.provisioningState();
        if (state != null && !state.equalsIgnoreCase("Succeeded")) {
            return false;
        }
        Map<KeySlot, KeyRef> found = resource.references();
        Iterator<Map.Entry<String, JsonNode>> written = token(operation).path("written").fields();
        while (written.hasNext()) {
            Map.Entry<String, JsonNode> reference = written.next();
            if (!KeyRef.sameReference(found.get(KeySlot.valueOf(reference.getKey())), KeyRef.parse(reference.getValue().asText()))) {
                return false;
            }
        }
        return true;
    }

    /** What the adapter read before the write, as {@link #begun} kept it; null when nothing. */
    static JsonNode read(TargetOperation operation) {
        JsonNode read = token(operation).get("read");
        return read == null || read.isNull() ? null : read;
    }

    /**
     * One look at {@code operation}.
     *
     * @return what it found, or empty when ARM no longer knows the operation (404)
     * @throws AzureCallException when the look itself failed (throttled, a server fault): the operation runs on
     */
    Optional<Look> look(TargetOperation operation) {
        String what = "GET " + operation.url();
        HttpPipeline pipeline = azure.resources(operation.target().subscriptionId()).genericResources().manager()
                .httpPipeline();
        boolean viaStatus = "status".equals(token(operation).path("via").asText());
        return AzureCalls.call(what, () -> {
            try (HttpResponse response = pipeline.sendSync(new HttpRequest(HttpMethod.GET, operation.url()), Context.NONE)) {
                int status = response.getStatusCode();
                String body = response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
                if (status == 404) {
                    return Optional.<Look>empty();
                }
                if (status == 429 || status >= 500) {
                    throw AzureErrorTranslator.fromResponse(what, response, body);
                }
                return Optional.of(viaStatus ? fromStatus(what, response, body) : fromResult(what, response, body));
            }
        });
    }

    /** {@code Azure-AsyncOperation}: {@code {"status": ..., "error": {...}}}. */
    private Look fromStatus(String what, HttpResponse response, String body) {
        if (response.getStatusCode() != 200) {
            return new Failed(AzureErrorTranslator.fromResponse(what, response, body));
        }
        JsonNode document = parse(what, response, body);
        String status = document.path("status").asText("").toLowerCase(Locale.ROOT);
        return switch (status) {
            case "succeeded" -> {
                durations.ended(document.path("startTime").asText(null), document.path("endTime").asText(null));
                yield new Succeeded(null);
            }
            case "failed", "canceled", "cancelled" -> new Failed(AzureErrorTranslator.fromResponse(what, response,
                    document.has("error") ? document.toString() : "{\"error\":{\"code\":\"Operation" + status
                            + "\",\"message\":\"the operation ended " + status + "\"}}"));
            default -> new Running(retryAfter(response));
        };
    }

    /** {@code Location}: 202 while running, the final answer (or the operation's error) when done. */
    private static Look fromResult(String what, HttpResponse response, String body) {
        int status = response.getStatusCode();
        if (status == 202) {
            return new Running(retryAfter(response));
        }
        if (status >= 200 && status < 300) {
            return new Succeeded(body == null || body.isBlank() ? null : body);
        }
        return new Failed(AzureErrorTranslator.fromResponse(what, response, body));
    }

    private static Duration retryAfter(HttpResponse response) {
        Duration wait = RetryAfter.of(response.getHeaders());
        return wait == null || wait.isZero() ? Retries.OPERATION_POLL : wait;
    }

    private static JsonNode token(TargetOperation operation) {
        try {
            return operation.resumeToken().isBlank() ? JSON.createObjectNode() : JSON.readTree(operation.resumeToken());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static JsonNode parse(String what, HttpResponse response, String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AzureCallException(what, response.getStatusCode(), null, "the answer is not JSON");
        }
    }
}
