package com.cmkorchestrator.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An Azure Resource Manager ID: a subscription ({@code /subscriptions/<guid>}), a resource group
 * ({@code .../resourceGroups/<name>}) or a resource ({@code .../providers/<Namespace>/<type>/<name>[/<type>/<name>...]}).
 *
 * <p>ARM compares IDs case-insensitively, so equality and {@link #contains} ignore case while
 * {@link #toString()} keeps the spelling the caller gave. Written by hand: azure-core has
 * {@code ResourceId} only in the management libraries, which the lifecycle core must not import.
 */
public final class ArmId {

    private static final Pattern RESOURCE_GROUP = Pattern.compile("[-\\w.()]{1,90}");
    /**
     * No '%' or '\\' (escapes a URL could decode into '/'), no dot segment (one it could resolve away), and none of
     * the characters ARM reserves in names that markup or a log line would take for its own ({@code < > * & " '}),
     * nor control characters.
     */
    private static final Pattern SEGMENT = Pattern.compile("(?!\\.{1,2}$)[^/?#\\s%\\\\<>*&\"'\\p{Cntrl}]+");
    /** Far above any ID this app meets (resource names are at most a few hundred characters). */
    static final int MAX_CHARS = 2_048;

    private final String value;
    private final String subscriptionId;
    private final String resourceGroup;
    private final String providerNamespace;
    private final String resourceType;
    private final String name;

    private ArmId(String value, String subscriptionId, String resourceGroup, String providerNamespace,
                  String resourceType, String name) {
        this.value = value;
        this.subscriptionId = subscriptionId;
        this.resourceGroup = resourceGroup;
        this.providerNamespace = providerNamespace;
        this.resourceType = resourceType;
        this.name = name;
    }

    /**
     * Parses an ARM ID.
     *
     * @throws IllegalArgumentException naming the input when it is not a subscription, resource group or resource ID
     */
    @JsonCreator
    public static ArmId parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an ARM resource ID is required");
        }
        if (text.length() > MAX_CHARS) {
            throw new IllegalArgumentException("an ARM resource ID has at most " + MAX_CHARS + " characters, not "
                    + text.length());
        }
        String trimmed = text.strip();
        String body = trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
        String[] parts = body.split("/", -1);
        // parts[0] is the empty string before the leading slash
        if (parts.length < 3 || !parts[0].isEmpty() || !parts[1].equalsIgnoreCase("subscriptions")) {
            throw invalid(text, "it must start with /subscriptions/<subscription-id>");
        }
        String subscription = parts[2];
        if (!Guid.is(subscription)) {
            throw invalid(text, "the subscription ID must be a GUID");
        }
        if (parts.length == 3) {
            return new ArmId(body, subscription, null, null, null, null);
        }
        if (parts.length < 5 || !parts[3].equalsIgnoreCase("resourceGroups")) {
            throw invalid(text, "expected /resourceGroups/<name> after the subscription");
        }
        String group = parts[4];
        if (!RESOURCE_GROUP.matcher(group).matches() || group.endsWith(".")) {
            throw invalid(text, "the resource group name is not valid");
        }
        if (parts.length == 5) {
            return new ArmId(body, subscription, group, null, null, null);
        }
        // providers/<Namespace>/<type>/<name> then any number of <type>/<name> pairs
        if (parts.length < 9 || !parts[5].equalsIgnoreCase("providers") || (parts.length - 7) % 2 != 0) {
            throw invalid(text, "expected /providers/<Namespace>/<type>/<name> after the resource group");
        }
        StringBuilder type = new StringBuilder();
        for (int i = 6; i < parts.length; i++) {
            if (!SEGMENT.matcher(parts[i]).matches()) {
                throw invalid(text, "segment " + i + " is empty or malformed");
            }
            boolean isTypeSegment = i > 6 && (i - 7) % 2 == 0;
            if (isTypeSegment) {
                type.append(type.length() == 0 ? "" : "/").append(parts[i]);
            }
        }
        return new ArmId(body, subscription, group, parts[6], type.toString(), parts[parts.length - 1]);
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("'" + text + "' is not a valid ARM resource ID: " + why);
    }

    /** {@code /subscriptions/<id>}. */
    public static ArmId subscription(String subscriptionId) {
        return parse("/subscriptions/" + subscriptionId);
    }

    /** A resource in a resource group: {@code /subscriptions/<s>/resourceGroups/<g>/providers/<namespaceAndType>/<name>}. */
    public static ArmId resource(String subscriptionId, String resourceGroup, String namespaceAndType, String name) {
        return parse("/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup + "/providers/"
                + namespaceAndType + "/" + name);
    }

    public String subscriptionId() {
        return subscriptionId;
    }

    public Optional<String> resourceGroup() {
        return Optional.ofNullable(resourceGroup);
    }

    /** For example {@code Microsoft.Storage}; empty for a subscription or resource group ID. */
    public Optional<String> providerNamespace() {
        return Optional.ofNullable(providerNamespace);
    }

    /** {@code Microsoft.Storage/storageAccounts}, or {@code Microsoft.KeyVault/managedHSMs/keys} for a child; empty unless a resource. */
    public Optional<String> fullResourceType() {
        return resourceType == null ? Optional.empty() : Optional.of(providerNamespace + "/" + resourceType);
    }

    /** The last segment: the resource's own name; empty for a subscription or resource group ID. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** The resource's name, for IDs known to denote a resource. */
    public String resourceName() {
        return name().orElseThrow(() -> new IllegalStateException(value + " is not a resource ID"));
    }

    public boolean isResource() {
        return resourceType != null;
    }

    /** True when this is the same ID or an ancestor scope of {@code other} (a subscription contains its groups and their resources). */
    public boolean contains(ArmId other) {
        String mine = value.toLowerCase(Locale.ROOT);
        String theirs = other.value.toLowerCase(Locale.ROOT);
        return theirs.equals(mine) || theirs.startsWith(mine + "/");
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArmId other && other.value.equalsIgnoreCase(value);
    }

    @Override
    public int hashCode() {
        return value.toLowerCase(Locale.ROOT).hashCode();
    }
}
