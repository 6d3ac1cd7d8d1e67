package com.cmkorchestrator.triggers.http;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Objects;

/**
 * An RFC 9457 problem document ({@code application/problem+json}). {@code errors} names each JSON field or route
 * parameter at fault, so a client can point at it; it is always there, empty when no single field is at fault, so a
 * client never has to tell a missing list from an empty one.
 *
 * @param type     a URN identifying the kind of problem (listed in docs/http-api.md)
 * @param title    the kind, for people; the same for every occurrence
 * @param status   the HTTP status
 * @param detail   this occurrence, for people
 * @param instance the request path
 * @param errors   every field at fault, or empty
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public Problem(ProblemType kind, String detail, String instance, List<FieldError> errors) {
        this(kind.uri(), kind.title(), kind.status(), detail, instance, errors);
    }

    /**
     * @param field   dotted JSON path ({@code key.size}), or a route parameter's name; empty for the whole body
     * @param message what is wrong with it
     */
    public record FieldError(String field, String message) {
        public FieldError {
            field = field == null ? "" : field;
            Objects.requireNonNull(message, "message");
        }
    }

    public static Problem of(ProblemType type, String detail, String instance) {
        return new Problem(type, detail, instance, List.of());
    }

    public static Problem of(ProblemType type, String detail, String instance, String field, String message) {
        return new Problem(type, detail, instance, List.of(new FieldError(field, message)));
    }
}
