package com.cmkorchestrator.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a bound resource follows new key versions.
 * <ul>
 *   <li>{@code auto}: the service moves itself (Storage with a versionless reference, DES with
 *       {@code rotationToLatestKeyVersionEnabled}, Databricks managed disk with its rotation flag); the
 *       orchestrator only verifies after the service's pickup window.</li>
 *   <li>{@code pinned}: the resource references one version and the orchestrator rebinds it to each new one.</li>
 * </ul>
 * Databricks managed services has no auto-rotation at all, so it is rebound whatever the policy (azure-facts 7).
 */
public enum VersionPolicy implements JsonNamed {
    AUTO("auto"),
    PINNED("pinned");

    private final String json;

    VersionPolicy(String json) {
        this.json = json;
    }

    @JsonValue
    @Override
    public String json() {
        return json;
    }

    @JsonCreator
    public static VersionPolicy fromJson(String text) {
        return JsonNamed.parse(VersionPolicy.class, text);
    }
}
