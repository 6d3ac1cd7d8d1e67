package com.cmkorchestrator.devhost;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An Azure Functions route template such as {@code bindings/{name}} or {@code keys/{hsm}/{key}/rotate}.
 * Supports literal segments, {@code {param}}, optional {@code {param?}} as the last segment and
 * ignores inline constraints ({@code {param:alpha}}), as far as this app needs.
 */
public record RouteTemplate(String template, List<String> segments) {

    public static RouteTemplate parse(String template) {
        String trimmed = template.replaceAll("^/+|/+$", "");
        return new RouteTemplate(trimmed, trimmed.isEmpty() ? List.of() : List.of(trimmed.split("/")));
    }

    /** The route values when {@code path} (below {@code /api/}) matches, else empty. */
    public Optional<Map<String, String>> match(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        String[] parts = trimmed.isEmpty() ? new String[0] : trimmed.split("/");
        Map<String, String> values = new LinkedHashMap<>();
        int i = 0;
        for (; i < segments.size(); i++) {
            String segment = segments.get(i);
            boolean isParam = segment.startsWith("{") && segment.endsWith("}");
            String name = isParam ? segment.substring(1, segment.length() - 1).split(":")[0] : null;
            boolean optional = isParam && name.endsWith("?");
            if (i >= parts.length) {
                return optional ? Optional.of(values) : Optional.empty();
            }
            String part = java.net.URLDecoder.decode(parts[i], java.nio.charset.StandardCharsets.UTF_8);
            if (isParam) {
                values.put(optional ? name.substring(0, name.length() - 1) : name, part);
            } else if (!segment.equalsIgnoreCase(part)) {
                return Optional.empty();
            }
        }
        return i == parts.length ? Optional.of(values) : Optional.empty();
    }
}
