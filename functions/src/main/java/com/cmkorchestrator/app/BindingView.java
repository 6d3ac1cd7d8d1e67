package com.cmkorchestrator.app;

import com.cmkorchestrator.core.model.BindingJson;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.ConditionStatus;
import com.cmkorchestrator.state.SpecRecord;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A binding as the HTTP API shows it: the desired spec, the status of the last pass with its six conditions as they
 * are, and a one-word phase for lists.
 *
 * @param phase              {@code Pending} (never reconciled), {@code Verified} (every condition True),
 *                           {@code Failed} (a condition is False), else {@code Converging}
 * @param generation         spec changes so far
 * @param observedGeneration the generation the status describes; less than {@code generation} while a change is pending
 * @param etag               the record's version, sent as the {@code ETag} header and honoured in {@code If-Match}
 */
public record BindingView(String name, String phase, long generation, long observedGeneration, JsonNode spec,
                          JsonNode status, Instant updatedAt, @JsonIgnore String etag) {

    private static final ObjectMapper JSON = BindingJson.mapper();

    public static BindingView of(SpecRecord record) {
        JsonNode status = SpecRecord.EMPTY_STATUS.equals(record.statusJson()) ? null : tree(record.statusJson());
        return new BindingView(record.name(), phase(status), record.generation(), record.observedGeneration(),
                tree(record.specJson()), status, record.updatedAt(), record.etag());
    }

    private static String phase(JsonNode status) {
        if (status == null) {
            return phaseOf(null);
        }
        try {
            return phaseOf(JSON.treeToValue(status, BindingStatus.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return "Unknown";
        }
    }

    /** The one-word phase of a status; {@code Pending} for none. */
    public static String phaseOf(BindingStatus status) {
        if (status == null) {
            return "Pending";
        }
        if (status.isReady()) {
            return "Verified";
        }
        return status.conditions().stream().anyMatch(c -> c.status() == ConditionStatus.FALSE) ? "Failed" : "Converging";
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
