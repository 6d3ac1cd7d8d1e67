package com.cmkorchestrator.adapters.pacing;

import java.util.Locale;

/**
 * ARM's three operation classes: each has its own buckets and its own remaining-requests headers
 * (request-limits-and-throttling.md: reads are GET, writes PUT, PATCH and POST, deletes DELETE). The emulator keeps
 * its own copy of this rule, on ARM's side: the app does not depend on the emulator.
 */
public enum OperationClass {
    READS, WRITES, DELETES;

    public static OperationClass of(String method) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD", "OPTIONS" -> READS;
            case "DELETE" -> DELETES;
            default -> WRITES;
        };
    }

    /** {@code reads}, {@code writes}, {@code deletes}: as the headers spell it. */
    public String plural() {
        return name().toLowerCase(Locale.ROOT);
    }
}
