package com.cmkorchestrator.triggers.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An Azure Functions route template such as {@code bindings/{name}} or {@code keys/{hsm}/{key}/rotate}, matched as
 * the Functions host matches it (ASP.NET Core route templates): literal segments (case-insensitive), {@code {param}},
 * an optional {@code {param?}} as the last segment, a catch-all {@code {*param}} as the last segment (taking the
 * rest of the path, also nothing), and inline constraints ({@code {param:alpha}}) ignored, as far as this app needs.
 */
public record RouteTemplate(String template, List<String> segments) {

    public static RouteTemplate parse(String template) {
        String trimmed = template.replaceAll("^/+|/+$", "");
        return new RouteTemplate(trimmed, trimmed.isEmpty() ? List.of() : List.of(trimmed.split("/")));
    }

    /** Whether the template ends in a catch-all parameter, which matches any rest of the path. */
    public boolean isCatchAll() {
        return !segments.isEmpty() && segments.get(segments.size() - 1).startsWith("{*");
    }

    /** The route values when {@code path} (below the route prefix, {@code /api/}) matches, else empty. */
    public Optional<Map<String, String>> match(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        String[] parts = trimmed.isEmpty() ? new String[0] : trimmed.split("/");
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            boolean isParam = segment.startsWith("{") && segment.endsWith("}");
            String name = isParam ? segment.substring(1, segment.length() - 1).split(":")[0] : null;
            if (isParam && name.startsWith("*")) {
                values.put(name.substring(1), String.join("/", List.of(parts).subList(Math.min(i, parts.length),
                        parts.length)));
                return Optional.of(values);
            }
            boolean optional = isParam && name.endsWith("?");
            if (i >= parts.length) {
                return optional ? Optional.of(values) : Optional.empty();
            }
            String part = URLDecoder.decode(parts[i], StandardCharsets.UTF_8);
            if (isParam) {
                values.put(optional ? name.substring(0, name.length() - 1) : name, part);
            } else if (!segment.equalsIgnoreCase(part)) {
                return Optional.empty();
            }
        }
        return segments.size() == parts.length ? Optional.of(values) : Optional.empty();
    }
}
