package com.cmkorchestrator.adapters;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.BinaryData;
import com.azure.json.JsonSerializable;
import com.cmkorchestrator.adapters.pacing.PacedOutException;
import com.cmkorchestrator.adapters.pacing.RetryAfter;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The one place where an Azure SDK failure becomes the core's {@link AzureCallException}: HTTP status, Azure's
 * error code and message, and the {@code Retry-After} delay.
 *
 * <ul>
 *   <li>ARM ({@link ManagementException}): {@code error.code}/{@code error.message}, or the first detail when the
 *       top level carries no code.</li>
 *   <li>Key Vault / Managed HSM ({@link HttpResponseException}, whose typed value differs per library and
 *       version): the error body {@code {"error":{"code","message","innererror":{"code"}}}}; the inner code wins
 *       because it is the specific one ({@code Forbidden} / {@code ForbiddenByRbac}).</li>
 *   <li>No response at all (connection refused or reset, timeout): status 0, which the classifier retries.</li>
 * </ul>
 */
public final class AzureErrorTranslator {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AzureErrorTranslator() {
    }

    /**
     * Translates {@code error} if it is an Azure call failure; anything else (a bug, a bad argument) is
     * returned as it is, since retrying it cannot help and hiding it would.
     */
    public static RuntimeException translate(String operation, RuntimeException error) {
        if (error instanceof AzureCallException) {
            return error;
        }
        PacedOutException paced = pacedOut(error);
        if (paced != null) {
            // never sent: the process's share of ARM's budget is spent for longer than a worker should wait
            return new AzureCallException(operation, 429, null, paced.getMessage(), paced.retryAfter(), paced);
        }
        if (error instanceof HttpResponseException http) {
            return fromHttpFailure(operation, http);
        }
        if (isTransport(error)) {
            return new AzureCallException(operation, 0, null, "no answer from Azure: " + error.getMessage(), null, error);
        }
        return error;
    }

    /** For calls made through a raw {@code HttpPipeline}: an unexpected answer and its body. */
    public static AzureCallException fromResponse(String operation, HttpResponse response, String body) {
        ErrorBody parsed = ErrorBody.parse(body);
        return new AzureCallException(operation, response.getStatusCode(), parsed.code(),
                parsed.message() != null ? parsed.message() : "unexpected answer " + response.getStatusCode(),
                retryAfter(response.getHeaders()), null);
    }

    private static AzureCallException fromHttpFailure(String operation, HttpResponseException error) {
        HttpResponse response = error.getResponse();
        int status = response == null ? 0 : response.getStatusCode();
        ErrorBody body = error instanceof ManagementException arm && arm.getValue() != null
                ? ErrorBody.of(arm.getValue()) : ErrorBody.parse(bodyText(error));
        String message = body.message() != null ? body.message() : error.getMessage();
        return new AzureCallException(operation, status, body.code(), message,
                response == null ? null : retryAfter(response.getHeaders()), error);
    }

    /** The delay Azure asks for ({@link RetryAfter}), or null when no header says. */
    static Duration retryAfter(HttpHeaders headers) {
        return RetryAfter.of(headers);
    }

    /** The error body as text, from the exception's typed value or, failing that, the buffered response. */
    private static String bodyText(HttpResponseException error) {
        Object value = error.getValue();
        try {
            if (value instanceof JsonSerializable<?> serializable) {
                return serializable.toJsonString();
            }
            if (value instanceof String text) {
                return text;
            }
            if (value instanceof BinaryData data) {
                return data.toString();
            }
            if (value instanceof byte[] bytes) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
            if (value instanceof Map<?, ?> map) {
                return JSON.writeValueAsString(map);
            }
        } catch (IOException e) {
            // fall through to the response body
        }
        return responseBody(error.getResponse());
    }

    private static String responseBody(HttpResponse response) {
        if (response == null) {
            return null;
        }
        try {
            BinaryData body = response.getBodyAsBinaryData();
            return body == null ? null : body.toString();
        } catch (RuntimeException alreadyConsumed) {
            return null;
        }
    }

    /** The pacing's refusal, however the SDK wrapped it on its way out; null when it is something else. */
    private static PacedOutException pacedOut(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof PacedOutException paced) {
                return paced;
            }
        }
        return null;
    }

    private static boolean isTransport(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof UncheckedIOException
                    || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Code and message of an Azure error body; either may be null. */
    record ErrorBody(String code, String message) {
        private static final ErrorBody NONE = new ErrorBody(null, null);

        static ErrorBody of(ManagementError error) {
            if (error.getCode() == null && error.getDetails() != null && !error.getDetails().isEmpty()) {
                return of(error.getDetails().get(0));
            }
            return new ErrorBody(error.getCode(), error.getMessage());
        }

        static ErrorBody parse(String text) {
            if (text == null || text.isBlank()) {
                return NONE;
            }
            JsonNode root;
            try {
                root = JSON.readTree(text);
            } catch (IOException notJson) {
                return NONE;
            }
            JsonNode error = root.has("error") ? root.get("error") : root;
            String code = text(error, "code");
            JsonNode inner = error.path("innererror");
            while (inner.isObject() && text(inner, "code") != null) {
                code = text(inner, "code");
                inner = inner.path("innererror");
            }
            return new ErrorBody(code, text(error, "message"));
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node == null ? null : node.get(field);
            return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
        }
    }
}
