package com.cmkorchestrator.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads raw setting values and collects every problem instead of stopping at the first, so that
 * {@link AppSettings} can report all malformed settings at once. A blank value counts as absent:
 * Bicep and the portal set optional settings to the empty string.
 */
final class SettingValues {

    private final Map<String, String> raw;
    private final List<String> badNames = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    SettingValues(Map<String, String> raw) {
        this.raw = Map.copyOf(raw);
    }

    /** The parsed value, or empty when the setting is absent or malformed (the problem is recorded). */
    <T> Optional<T> optional(String name, Function<String, T> parser) {
        return text(name).flatMap(value -> parse(name, value, parser));
    }

    /** A free-text value; secrets (passwords, connection strings) come through here and are never echoed. */
    Optional<String> text(String name) {
        String value = raw.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    <T> T withDefault(String name, Function<String, T> parser, String defaultValue) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            // defaults are constants of this code: a bad one is a bug, so let it fail loudly
            return parser.apply(defaultValue);
        }
        return parse(name, value.get(), parser).orElseGet(() -> parser.apply(defaultValue));
    }

    void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw new InvalidSettingException(badNames, problems);
        }
    }

    private <T> Optional<T> parse(String name, String value, Function<String, T> parser) {
        try {
            return Optional.of(parser.apply(value));
        } catch (IllegalArgumentException e) {
            badNames.add(name);
            // only parsed settings get here, and none of them is a secret: echoing the value helps
            problems.add(name + " " + e.getMessage() + " (got '" + value + "')");
            return Optional.empty();
        }
    }
}
