package com.cmkorchestrator.emulator.arm;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ID of a top-level resource in a resource group:
 * {@code /subscriptions/<sub>/resourceGroups/<rg>/providers/<namespace>/<type>/<name>}.
 * ARM compares IDs without regard to case; {@link #key()} is the form to compare and index by.
 */
public record ResourceId(String subscriptionId, String resourceGroup, String namespace, String type, String name) {

    private static final Pattern SHAPE = Pattern.compile(
            "^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/([^/]+)/([^/]+)/([^/]+)/?$",
            Pattern.CASE_INSENSITIVE);

    public ResourceId {
        for (String part : new String[] {subscriptionId, resourceGroup, namespace, type, name}) {
            if (part == null || part.isEmpty() || part.contains("/")) {
                throw new IllegalArgumentException("every part of a resource ID must be a non-empty path segment");
            }
        }
    }

    /**
     * Parses a resource ID found in a request body.
     *
     * @param propertyPath where it was found, for the error (e.g. {@code identity.userAssignedIdentities})
     * @throws com.cmkorchestrator.emulator.transport.EmuException 400 {@code LinkedInvalidPropertyId} when it is not one
     */
    public static ResourceId parse(String value, String propertyPath) {
        Matcher matcher = value == null ? null : SHAPE.matcher(value);
        if (matcher == null || !matcher.matches()) {
            throw ArmErrors.linkedInvalidPropertyId(value, propertyPath);
        }
        return new ResourceId(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4), matcher.group(5));
    }

    public String id() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup + "/providers/" + namespace
                + "/" + type + "/" + name;
    }

    /** e.g. {@code Microsoft.Storage/storageAccounts} */
    public String fullType() { return namespace + "/" + type; }

    public String resourceGroupId() { return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup; }

    /** The case-folded ID, for comparison and lookup. */
    public String key() { return id().toLowerCase(Locale.ROOT); }

    public boolean isType(String fullTypeName) { return fullType().equalsIgnoreCase(fullTypeName); }

    @Override
    public String toString() { return id(); }
}
