package com.cmkorchestrator.emulator.hsm.http;


import java.util.regex.Pattern;

/** Key Vault's rule for key names: {@code ^[a-zA-Z0-9-]{1,127}$}. */
public final class KeyName {
    private static final Pattern VALID = Pattern.compile("^[a-zA-Z0-9-]{1,127}$");

    private KeyName() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** @throws KeyVaultError 400 {@code BadParameter} naming the rule */
    public static String require(String name) {
        if (!isValid(name)) {
            throw KeyVaultError.badParameter("The request URI contains an invalid name: " + name
                    + ". Key names must match ^[a-zA-Z0-9-]{1,127}$.");
        }
        return name;
    }
}
