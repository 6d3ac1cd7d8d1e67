package com.cmkorchestrator.triggers.http;

import java.util.regex.Pattern;

/**
 * Checks route parameters before they reach a service, so that a name that cannot exist is a 400 naming the
 * parameter rather than a 404 or a table-key error.
 */
public final class RouteParameter {

    // Binding names as Binding accepts them (lower-case, digits, '-', 1-63 characters).
    private static final Pattern BINDING_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    // Managed HSM and key names as Key Vault accepts them.
    private static final Pattern KEY_VAULT_NAME = Pattern.compile("[0-9A-Za-z-]{1,127}");

    private RouteParameter() {
    }

    public static String bindingName(String parameter, String value, String instance) {
        return require(parameter, value, BINDING_NAME, "must be 1-63 lower-case letters, digits or '-', starting and "
                + "ending with a letter or digit", instance);
    }

    public static String keyVaultName(String parameter, String value, String instance) {
        return require(parameter, value, KEY_VAULT_NAME, "must be 1-127 letters, digits or '-'", instance);
    }

    private static String require(String parameter, String value, Pattern pattern, String rule, String instance) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new ProblemException(Problem.of(ProblemType.INVALID_PARAMETER,
                    "route parameter '" + parameter + "' " + rule + ", not '" + value + "'", instance, parameter, rule));
        }
        return value;
    }
}
