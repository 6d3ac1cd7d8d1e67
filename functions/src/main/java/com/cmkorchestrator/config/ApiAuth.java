package com.cmkorchestrator.config;

import java.util.Locale;

/**
 * Who may call the HTTP API ({@value AppSettings#CMK_API_AUTH}). The app reads it; Bicep sets it
 * together with App Service authentication (bicep/main.bicep, {@code authsettingsV2}).
 */
public enum ApiAuth {
    /** Callers come through App Service authentication with an Entra ID token and need an app role. */
    ENTRA,
    /** No sign-in: local runs and private test deployments only; nothing gates the HTTP API then. */
    NONE;

    /** The setting's value, lower case ({@code entra}, {@code none}). */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ApiAuth parse(String value) {
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        for (ApiAuth mode : values()) {
            if (mode.settingValue().equals(wanted)) {
                return mode;
            }
        }
        // Never fall back to NONE: a typo must not switch sign-in off.
        throw new IllegalArgumentException("must be entra or none");
    }
}
