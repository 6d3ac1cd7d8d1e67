package com.cmkorchestrator.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The fields of an ARM document a whole-document write sends back as it read them, each reduced to a short digest, so
 * that after the write the fields that changed meanwhile can be named (docs/concurrency.md section 4) without keeping
 * the document itself in the binding's status. A field is a top-level property, or a property of {@code properties};
 * those the write means to change, and those ARM itself changes on a write, are left out.
 */
final class DocumentFields {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> ignored;

    /** @param ignored fields ({@code tags}, {@code properties.encryption}) not to compare */
    DocumentFields(Set<String> ignored) {
        this.ignored = Set.copyOf(ignored);
    }

    /** Field name to digest, for {@link #changed}. */
    ObjectNode digests(JsonNode document) {
        Map<String, String> fields = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = document.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("properties") && field.getValue().isObject()) {
                field.getValue().fields().forEachRemaining(property ->
                        add(fields, "properties." + property.getKey(), property.getValue()));
            } else {
                add(fields, field.getKey(), field.getValue());
            }
        }
        ObjectNode digests = JSON.createObjectNode();
        fields.forEach(digests::put);
        return digests;
    }

    /** The fields whose digest differs between {@code before} and {@code after} (added or removed ones included). */
    static List<String> changed(JsonNode before, JsonNode after) {
        Set<String> names = new TreeSet<>();
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(names::add);
        List<String> changed = new ArrayList<>();
        for (String name : names) {
            if (!before.path(name).asText("").equals(after.path(name).asText(""))) {
                changed.add(name);
            }
        }
        return changed;
    }

    private void add(Map<String, String> fields, String name, JsonNode value) {
        if (!ignored.contains(name)) {
            fields.put(name, digest(canonical(value)));
        }
    }

    /** The value's JSON with object members in name order, so that the digest does not depend on member order. */
    private static String canonical(JsonNode value) {
        if (value.isObject()) {
            Map<String, String> members = new TreeMap<>();
            value.fields().forEachRemaining(member -> members.put(member.getKey(), canonical(member.getValue())));
            StringBuilder out = new StringBuilder("{");
            members.forEach((name, member) -> out.append(JSON.getNodeFactory().textNode(name)).append(':')
                    .append(member).append(','));
            return out.append('}').toString();
        }
        if (value.isArray()) {
            StringBuilder out = new StringBuilder("[");
            value.forEach(element -> out.append(canonical(element)).append(','));
            return out.append(']').toString();
        }
        return value.toString();
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
