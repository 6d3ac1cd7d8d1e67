package com.cmkorchestrator.config;

import com.cmkorchestrator.core.model.Guid;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parsers for the value formats app settings use. Each throws {@link IllegalArgumentException}
 * whose message says what is wrong with the value; {@link SettingValues} prefixes the setting name.
 */
final class SettingFormats {

    // Resource group names: 1-90 chars of letters, digits, '_', '-', '.', '(', ')'; no trailing '.'.
    private static final Pattern ARM_SCOPE = Pattern.compile(
            "/subscriptions/(" + Guid.PATTERN.pattern() + ")(/resourceGroups/[-\\w.()]{0,89}[-\\w()])?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern STORAGE_ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
    // Table names are ^[A-Za-z][A-Za-z0-9]{2,62}$; the prefix leaves room for the longest suffix.
    private static final Pattern TABLE_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,39}");
    // Queue names: lowercase letters, digits and single hyphens, starting and ending alphanumeric.
    // 56 characters at most so that "<name>-poison" still fits the 63-character limit.
    private static final Pattern QUEUE_NAME = Pattern.compile("(?=.{3,50}$)[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern NCRONTAB_FIELD = Pattern.compile("[0-9A-Za-z*/,\\-?]+");

    private SettingFormats() {
    }

    static String guid(String value) {
        if (!Guid.is(value)) {
            throw new IllegalArgumentException("must be a GUID like 00000000-0000-0000-0000-000000000000");
        }
        return value;
    }

    /** Comma-separated subscription or resource-group ARM IDs; blanks between commas are ignored. */
    static List<String> armScopes(String value) {
        List<String> scopes = new ArrayList<>();
        for (String part : value.split(",")) {
            String scope = part.strip();
            if (scope.isEmpty()) {
                continue;
            }
            String trimmed = scope.endsWith("/") ? scope.substring(0, scope.length() - 1) : scope;
            if (!ARM_SCOPE.matcher(trimmed).matches()) {
                throw new IllegalArgumentException("'" + scope + "' is not a subscription or resource group ARM ID"
                        + " (/subscriptions/<guid> or /subscriptions/<guid>/resourceGroups/<name>)");
            }
            scopes.add(trimmed);
        }
        return List.copyOf(scopes);
    }

    static URI httpsUri(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URI: " + e.getMessage());
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an absolute https:// URI");
        }
        return uri;
    }

    /** An https URI whose path ends with '/', so that relative paths resolve under it. */
    static URI httpsBaseUri(String value) {
        URI uri = httpsUri(value);
        return uri.getPath() == null || uri.getPath().endsWith("/") ? uri : URI.create(uri + "/");
    }

    static String storageAccountName(String value) {
        if (!STORAGE_ACCOUNT.matcher(value).matches()) {
            throw new IllegalArgumentException("must be a storage account name: 3-24 lowercase letters and digits");
        }
        return value;
    }

    static String tablePrefix(String value) {
        if (!TABLE_PREFIX.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "must start with a letter and hold only letters and digits, 40 characters at most");
        }
        return value;
    }

    static String queueName(String value) {
        if (!QUEUE_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("must be a queue name of 3-50 characters (its poll queue adds -polls,"
                    + " and each poison queue -poison): lowercase letters, digits"
                    + " and single hyphens, starting and ending with a letter or digit");
        }
        return value;
    }

    /** The six-field NCRONTAB expressions Azure Functions timer triggers take ({second} {minute} ... ). */
    static String ncrontab(String value) {
        String[] fields = value.strip().split("\\s+");
        if (fields.length != 6) {
            throw new IllegalArgumentException("must be a six-field NCRONTAB expression"
                    + " ({second} {minute} {hour} {day} {month} {day-of-week}), e.g. 0 */5 * * * *");
        }
        for (String field : fields) {
            if (!NCRONTAB_FIELD.matcher(field).matches()) {
                throw new IllegalArgumentException("field '" + field + "' is not an NCRONTAB field");
            }
        }
        return String.join(" ", fields);
    }

    static boolean bool(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    static int positiveInt(String value) {
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("must be a whole number of at least 1");
    }

    /** ISO-8601 durations in days, hours, minutes or seconds (java.time.Duration: no months or years). */
    static Duration positiveDuration(String value) {
        try {
            Duration parsed = Duration.parse(value.strip());
            if (!parsed.isNegative() && !parsed.isZero()) {
                return parsed;
            }
        } catch (DateTimeParseException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("must be a positive ISO-8601 duration such as P30D or PT12H");
    }
}
