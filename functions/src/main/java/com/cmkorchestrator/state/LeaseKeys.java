package com.cmkorchestrator.state;

import java.util.Locale;

/**
 * How a lease or pacing name becomes a table row key: lower-case, with '/' (which table keys may not hold) written as
 * '|'. Names are built from HSM and key names, scopes and principal GUIDs, none of which holds a '|'.
 */
public final class LeaseKeys {

    private LeaseKeys() {
    }

    public static String rowKey(String name) {
        if (name == null || name.isBlank() || name.indexOf('|') >= 0) {
            throw new IllegalArgumentException("a lease name must be non-blank and hold no '|': " + name);
        }
        return StateLimits.requireName("lease", name.toLowerCase(Locale.ROOT).replace('/', '|'));
    }

    public static String name(String rowKey) {
        return rowKey.replace('|', '/');
    }
}
