package com.cmkorchestrator.config;

import java.util.List;

/**
 * An app setting is missing where it is required, or its value cannot be used. The message names
 * every offending setting so an operator can fix them all in one deployment.
 */
public final class InvalidSettingException extends IllegalStateException {

    private final List<String> settingNames;

    InvalidSettingException(List<String> settingNames, List<String> problems) {
        super(problems.size() == 1
                ? problems.get(0)
                : "Invalid app settings:\n  - " + String.join("\n  - ", problems));
        this.settingNames = List.copyOf(settingNames);
    }

    public static InvalidSettingException of(String settingName, String problem) {
        return new InvalidSettingException(List.of(settingName), List.of(problem));
    }

    /** The names of the settings at fault, in the order they were checked. */
    public List<String> settingNames() {
        return settingNames;
    }
}
