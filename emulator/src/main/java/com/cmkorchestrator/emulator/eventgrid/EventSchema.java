package com.cmkorchestrator.emulator.eventgrid;

import java.util.Arrays;

/** The two event schemas Event Grid speaks, by their ARM names. */
public enum EventSchema {
    EVENT_GRID("EventGridSchema"),
    CLOUD_EVENTS("CloudEventSchemaV1_0");

    private final String armName;

    EventSchema(String armName) {
        this.armName = armName;
    }

    public String armName() { return armName; }

    /** Parses an ARM name ({@code EventGridSchema}, {@code CloudEventSchemaV1_0}), ignoring case. */
    public static EventSchema parse(String value) {
        return Arrays.stream(values()).filter(schema -> schema.armName.equalsIgnoreCase(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown event schema '" + value
                        + "': use EventGridSchema or CloudEventSchemaV1_0"));
    }
}
