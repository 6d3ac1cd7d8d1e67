package com.cmkorchestrator.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The JSON form of bindings and their status (camelCase fields, ISO-8601 times and periods).
 * Every failure to read becomes a {@link BindingValidationException} naming the JSON field at fault.
 */
public final class BindingJson {

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private BindingJson() {
    }

    /** A mapper configured for the core's types; a copy, so callers may add their own settings. */
    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }

    /**
     * Applies the core's JSON conventions to a caller's mapper. Scalars are read as the type they are: Jackson would
     * otherwise take {@code 123} as the name "123", {@code "3072"} as a number, {@code 0} as false and cut
     * {@code 2048.5} to 2048, accepting a mistake the client never hears about.
     */
    @SuppressWarnings("deprecation") // ObjectMapper.configure(MapperFeature): the copy-friendly way in Jackson 2
    public static ObjectMapper configure(ObjectMapper mapper) {
        // ALLOW_COERCION_OF_SCALARS leaves numbers and booleans to strings alone, for compatibility; say it here
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper.registerModule(new JavaTimeModule())
                .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    /** Reads a binding, or throws a {@link BindingValidationException} naming the field at fault. */
    public static Binding readBinding(String json) {
        return read(json, Binding.class);
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads any core type, mapping Jackson's errors to a {@link BindingValidationException} that names the field. */
    public static <T> T read(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new BindingValidationException("", "a JSON document is required");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BindingValidationException("", "is not valid JSON: " + e.getOriginalMessage());
        }
        try {
            T value = MAPPER.treeToValue(tree, type);
            if (value == null) {
                throw new BindingValidationException("", "a JSON object is required");
            }
            return value;
        } catch (JsonMappingException e) {
            throw everyFault(tree, type, toValidation(e));
        } catch (JsonProcessingException e) {
            throw new BindingValidationException("", "is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** All the document's faults, so the client fixes them in one go; the first one found when no more are. */
    private static BindingValidationException everyFault(JsonNode tree, Class<?> type, BindingValidationException first) {
        List<FieldFault> all = new FaultFinder(MAPPER, BindingJson::translate)
                .faults(tree, MAPPER.getTypeFactory().constructType(type));
        return all.isEmpty() ? first : new BindingValidationException(all);
    }

    private static BindingValidationException translate(Exception e) {
        if (e instanceof JsonMappingException mapping) {
            return toValidation(mapping);
        }
        if (e instanceof BindingValidationException invalid) {
            return invalid;
        }
        return new BindingValidationException("", e.getMessage() == null ? "cannot be read" : e.getMessage());
    }

    private static BindingValidationException toValidation(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof BindingValidationException validation) {
                return validation.under(path);
            }
            if (cause instanceof IllegalArgumentException invalid) {
                return new BindingValidationException(path, invalid.getMessage());
            }
        }
        if (e instanceof UnrecognizedPropertyException) {
            return new BindingValidationException(path, "is not a known field");
        }
        if (e instanceof InvalidFormatException format) {
            return new BindingValidationException(path, "'" + format.getValue() + "' is not a valid "
                    + describe(format.getTargetType()));
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new BindingValidationException(path, "must be a " + describe(mismatch.getTargetType()));
        }
        return new BindingValidationException(path, e.getOriginalMessage());
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == java.time.Period.class) {
            return "ISO-8601 period such as P90D";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
            return "number";
        }
        if (type == String.class || type == ArmId.class) {
            return "string";
        }
        return "JSON " + (type.isRecord() ? "object" : type.getSimpleName());
    }
}
