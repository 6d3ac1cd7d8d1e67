package com.cmkorchestrator.state;

import java.time.Instant;
import java.util.Objects;

/**
 * One desired-state document as stored: a binding or an HSM request. The store keeps JSON strings
 * and knows nothing of their shape; the lifecycle core owns the types they encode.
 *
 * <p>{@code generation} counts spec changes (1 for a new record); {@code observedGeneration} is the
 * generation the status was computed from, so a reader can tell a status that is out of date.
 * {@code etag} identifies this exact stored version: a write carrying it fails with
 * {@link ConcurrentUpdateException} if anyone wrote in between.
 *
 * @param name record name, unique in its store
 * @param specJson desired state, JSON
 * @param statusJson observed state (conditions), JSON; {@code {}} until the first reconcile
 * @param generation incremented on every spec change, from 1
 * @param observedGeneration generation the status describes, 0 before the first reconcile
 * @param updatedAt when the store last wrote this record
 * @param etag the store's version tag of this record
 */
public record SpecRecord(String name, String specJson, String statusJson, long generation,
                         long observedGeneration, Instant updatedAt, String etag) {

    /** Status of a record nothing has reconciled yet. */
    public static final String EMPTY_STATUS = "{}";

    public SpecRecord {
        StateLimits.requireName("record", name);
        requireJson("specJson", specJson);
        requireJson("statusJson", statusJson);
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be at least 1, got " + generation);
        }
        if (observedGeneration < 0 || observedGeneration > generation) {
            throw new IllegalArgumentException("observedGeneration must be within 0.." + generation
                    + ", got " + observedGeneration);
        }
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (etag == null || etag.isBlank()) {
            throw new IllegalArgumentException("etag must not be blank: records come from a store");
        }
    }

    /** This record with a new spec; the generation moves on only when the spec really changes. */
    public SpecRecord withSpec(String newSpecJson) {
        requireJson("specJson", newSpecJson);
        if (newSpecJson.equals(specJson)) {
            return this;
        }
        return new SpecRecord(name, newSpecJson, statusJson, generation + 1, observedGeneration, updatedAt, etag);
    }

    /** This record with the status computed from spec generation {@code observed}. */
    public SpecRecord withStatus(String newStatusJson, long observed) {
        requireJson("statusJson", newStatusJson);
        if (newStatusJson.equals(statusJson) && observed == observedGeneration) {
            return this;
        }
        return new SpecRecord(name, specJson, newStatusJson, generation, observed, updatedAt, etag);
    }

    /** Whether the status describes the current spec. */
    public boolean upToDate() {
        return observedGeneration == generation;
    }

    private static void requireJson(String field, String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException(field + " must be a JSON document, got "
                    + (json == null ? "null" : "a blank string"));
        }
    }
}
