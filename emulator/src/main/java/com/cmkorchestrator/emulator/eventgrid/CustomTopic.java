package com.cmkorchestrator.emulator.eventgrid;

import java.util.regex.Pattern;

/**
 * An Event Grid custom topic, served on the ARM port at {@code /eventgrid/topics/<name>/api/events}.
 *
 * @param armId its ARM ID, which is the {@code topic} of the events it delivers
 * @param key   the access key publishers send in {@code aeg-sas-key}
 */
public record CustomTopic(String name, String armId, EventSchema inputSchema, String key) {
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9-]{3,50}$");

    public CustomTopic {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("topic name must be 3-50 letters, digits or hyphens, got " + name);
        }
        if (inputSchema == null || key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a topic needs an input schema and a key");
        }
    }

    /** The path of its publish endpoint on the ARM port. */
    public String publishPath() { return "/eventgrid/topics/" + name + "/api/events"; }
}
