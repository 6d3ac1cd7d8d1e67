package com.cmkorchestrator.triggers.http;

import com.cmkorchestrator.core.model.BindingJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;

import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;

/** Building HTTP answers: JSON, HTML, and problem documents for whatever a handler throws. */
public final class Replies {

    private static final ObjectMapper JSON = BindingJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Replies() {
    }

    /**
     * Lets the caller through {@code gate}, then runs a handler and answers with its response, or with the problem
     * its exception maps to (a refused caller included). A 5xx is logged with its cause; a 4xx is the client's
     * business and logged briefly.
     */
    public static HttpResponseMessage guard(HttpRequestMessage<?> request, ExecutionContext context, ApiGate gate,
                                            Supplier<HttpResponseMessage> handler) {
        try {
            gate.authorize(request);
            return handler.get();
        } catch (RuntimeException e) {
            Problem problem = ProblemMapping.toProblem(e, path(request));
            if (problem.status() >= 500) {
                context.getLogger().log(Level.SEVERE, request.getHttpMethod() + " " + path(request) + " failed", e);
            } else {
                context.getLogger().info(() -> request.getHttpMethod() + " " + path(request) + " -> " + problem.status()
                        + " " + problem.detail());
            }
            return problem(request, problem);
        }
    }

    /** A JSON answer, with extra headers given as name, value pairs (a null value leaves the header out). */
    public static HttpResponseMessage json(HttpRequestMessage<?> request, int status, Object body, String... headers) {
        HttpResponseMessage.Builder builder = request.createResponseBuilder(HttpStatusType.custom(status))
                .header("Content-Type", "application/json; charset=utf-8");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i + 1] != null) {
                builder.header(headers[i], headers[i + 1]);
            }
        }
        return builder.body(write(body)).build();
    }

    public static HttpResponseMessage noContent(HttpRequestMessage<?> request) {
        return request.createResponseBuilder(HttpStatusType.custom(204)).build();
    }

    public static HttpResponseMessage html(HttpRequestMessage<?> request, String page) {
        return request.createResponseBuilder(HttpStatusType.custom(200))
                .header("Content-Type", "text/html; charset=utf-8")
                // the page is self-contained: nothing external may load, no script runs
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
                .body(page).build();
    }

    public static HttpResponseMessage problem(HttpRequestMessage<?> request, Problem problem) {
        return request.createResponseBuilder(HttpStatusType.custom(problem.status()))
                .header("Content-Type", Problem.MEDIA_TYPE)
                .body(write(problem)).build();
    }

    /** The answer to a request no function took: 404, or 405 with the route's methods in {@code Allow}. */
    public static HttpResponseMessage unmatched(HttpRequestMessage<?> request, RouteTable.Unmatched unmatched) {
        HttpResponseMessage.Builder builder = request.createResponseBuilder(
                HttpStatusType.custom(unmatched.problem().status())).header("Content-Type", Problem.MEDIA_TYPE);
        if (unmatched.allow() != null) {
            builder.header("Allow", unmatched.allow());
        }
        return builder.body(write(unmatched.problem())).build();
    }

    /** The {@code If-Match} header, if the client sent one. */
    public static Optional<String> ifMatch(HttpRequestMessage<?> request) {
        return Optional.ofNullable(RequestBody.header(request.getHeaders(), "If-Match")).map(String::strip)
                .filter(value -> !value.isEmpty());
    }

    public static String path(HttpRequestMessage<?> request) {
        return request.getUri() == null ? "" : request.getUri().getPath();
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
