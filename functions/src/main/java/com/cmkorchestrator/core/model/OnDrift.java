package com.cmkorchestrator.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a pass does when it finds the resource's key settings changed outside the app (someone pointed the resource at
 * another key, version or identity since the app bound it). Either way the change is a finding naming who made it,
 * when an event said so.
 * <ul>
 *   <li>{@code repair} (the default): write the binding's settings back;</li>
 *   <li>{@code report}: leave the resource as it is and hold {@code Bound False/DriftReported} until a person decides
 *       (fix the resource, change the binding, or switch to {@code repair}).</li>
 * </ul>
 */
public enum OnDrift implements JsonNamed {
    REPAIR("repair"),
    REPORT("report");

    private final String json;

    OnDrift(String json) {
        this.json = json;
    }

    @JsonValue
    @Override
    public String json() {
        return json;
    }

    @JsonCreator
    public static OnDrift fromJson(String text) {
        return JsonNamed.parse(OnDrift.class, text);
    }
}
