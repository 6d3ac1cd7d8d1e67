package com.cmkorchestrator.adapters.pacing;

import com.azure.core.http.HttpHeaders;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The delay an Azure answer asks for, in azure-core's own order of preference: {@code retry-after-ms},
 * {@code x-ms-retry-after-ms}, then {@code Retry-After} as seconds or an HTTP date. Written by hand because
 * azure-core keeps its parser in an implementation package.
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** @return the delay, or null when no header says */
    public static Duration of(HttpHeaders headers) {
        for (String millisHeader : new String[]{"retry-after-ms", "x-ms-retry-after-ms"}) {
            String millis = headers.getValue(millisHeader);
            if (millis != null) {
                try {
                    return Duration.ofMillis(Long.parseLong(millis.trim()));
                } catch (NumberFormatException ignored) {
                    // a malformed header says nothing; try the next one
                }
            }
        }
        String value = headers.getValue("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration untilDate = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return untilDate.isNegative() ? Duration.ZERO : untilDate;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
