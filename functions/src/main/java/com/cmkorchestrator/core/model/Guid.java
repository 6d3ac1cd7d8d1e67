package com.cmkorchestrator.core.model;

import java.util.regex.Pattern;

/**
 * The one form of a GUID the app accepts anywhere (subscription, tenant, object and role definition IDs): 8-4-4-4-12
 * hexadecimal digits, in either case, without braces.
 */
public final class Guid {

    public static final Pattern PATTERN = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    private Guid() {
    }

    public static boolean is(String text) {
        return text != null && PATTERN.matcher(text).matches();
    }
}
