package com.cmkorchestrator.app;

import com.cmkorchestrator.core.model.BindingJson;
import com.cmkorchestrator.state.SpecRecord;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A requested Managed HSM as the HTTP API shows it: the request and the last provisioning pass's status.
 *
 * @param status null until the first pass
 */
public record HsmView(String name, long generation, JsonNode request, HsmStatus status, Instant updatedAt,
                      @JsonIgnore String etag) {

    public static HsmView of(SpecRecord record) {
        try {
            return new HsmView(record.name(), record.generation(), BindingJson.mapper().readTree(record.specJson()),
                    HsmStatus.of(record).orElse(null), record.updatedAt(), record.etag());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
