package com.cmkorchestrator.emulator.ratelimit;

import java.util.Locale;

/**
 * ARM's three operation classes: each has its own buckets and its own remaining-requests headers,
 * sent on the answers of that class only (request-limits-and-throttling.md: "Read requests return
 * a value in the header for the number of remaining read requests").
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

    /** {@code reads}, {@code writes}, {@code deletes} */
    public String plural() { return name().toLowerCase(Locale.ROOT); }

    /** {@code read}, {@code write}, {@code delete}: as ARM's throttling message says it. */
    public String word() { return plural().substring(0, plural().length() - 1); }

    /** e.g. {@code x-ms-ratelimit-remaining-subscription-writes}: this principal's bucket in the subscription. */
    public String remainingHeader() { return "x-ms-ratelimit-remaining-subscription-" + plural(); }

    /** e.g. {@code x-ms-ratelimit-remaining-subscription-global-writes}: the subscription's bucket across principals. */
    public String globalRemainingHeader() { return "x-ms-ratelimit-remaining-subscription-global-" + plural(); }
}
