package com.cmkorchestrator.core.model;

import java.util.regex.Pattern;

/**
 * What an Azure location looks like, checked where a request is read: a region's name ({@code westeurope}) or
 * display name ({@code West Europe}), letters, digits and spaces. Whether it names a region Azure has is the app's
 * next check, against the SDK's region list (the core knows no SDK); this one keeps markup, control characters and
 * 60,000-character strings out of every stored document and every error message.
 */
final class Locations {

    static final int MAX_CHARS = 64;
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z][A-Za-z0-9 ]{0," + (MAX_CHARS - 1) + "}");

    private Locations() {
    }

    /** Records a fault at {@code field} unless {@code location} is absent or shaped like a region. */
    static void check(Faults faults, String location, String field) {
        if (location != null) {
            faults.check(SHAPE.matcher(location).matches(), field, "must be an Azure region's name (letters, digits"
                    + " and spaces, at most " + MAX_CHARS + " characters), e.g. westeurope");
        }
    }
}
