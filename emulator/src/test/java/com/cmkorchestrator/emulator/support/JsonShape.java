package com.cmkorchestrator.emulator.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares an answer with an official example by shape: every property the example shows must be
 * there with the same JSON type (values differ: IDs, times, names). {@code notModelled} lists
 * properties the emulator deliberately leaves out ({@code a.b}, or {@code a.b.*} for everything under it).
 */
public final class JsonShape {
    /** Objects whose keys are data (tag names, identity IDs): only their values' shape is compared. */
    private static final Set<String> KEYED_BY_DATA = Set.of("tags", "userAssignedIdentities");

    private JsonShape() {
    }

    /** The example's property paths the answer lacks or types differently; empty when the shapes agree. */
    public static List<String> differences(JsonNode example, JsonNode actual, Set<String> notModelled) {
        List<String> out = new ArrayList<>();
        compare("", example, actual, notModelled, out);
        return out;
    }

    private static void compare(String path, JsonNode example, JsonNode actual, Set<String> notModelled, List<String> out) {
        if (example == null || example.isNull() || skipped(path, notModelled)) {
            return;
        }
        if (actual == null || actual.isMissingNode()) {
            out.add(path + " is missing");
            return;
        }
        if (example.isObject()) {
            if (!actual.isObject()) {
                out.add(path + " should be an object, is " + actual.getNodeType());
                return;
            }
            String last = path.substring(path.lastIndexOf('.') + 1);
            if (KEYED_BY_DATA.contains(last)) {
                if (example.size() > 0 && actual.size() > 0) {
                    compare(path + ".*", example.elements().next(), actual.elements().next(), notModelled, out);
                }
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = example.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                compare(child, field.getValue(), actual.get(field.getKey()), notModelled, out);
            }
        } else if (example.isArray()) {
            if (!actual.isArray()) {
                out.add(path + " should be an array, is " + actual.getNodeType());
            } else if (example.size() > 0 && actual.size() > 0) {
                compare(path + "[]", example.get(0), actual.get(0), notModelled, out);
            }
        } else if (actual.isNull()) {
            out.add(path + " is null, the example has " + example.getNodeType());
        } else if (example.getNodeType() != actual.getNodeType()) {
            out.add(path + " should be " + example.getNodeType() + ", is " + actual.getNodeType());
        }
    }

    private static boolean skipped(String path, Set<String> notModelled) {
        for (String rule : notModelled) {
            if (rule.equals(path) || rule.endsWith(".*") && path.startsWith(rule.substring(0, rule.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
