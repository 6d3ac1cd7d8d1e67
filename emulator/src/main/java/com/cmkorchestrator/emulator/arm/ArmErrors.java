package com.cmkorchestrator.emulator.arm;

import com.cmkorchestrator.emulator.transport.EmuException;

/**
 * ARM's own error answers (the front door's, not a resource provider's), with the codes and
 * wording Azure Resource Manager uses. One place, so that every route says them the same way.
 */
public final class ArmErrors {
    private ArmErrors() {
    }

    public static EmuException resourceNotFound(String type, String name, String resourceGroup) {
        return new EmuException(404, "ResourceNotFound", "The Resource '" + type + "/" + name
                + "' under resource group '" + resourceGroup + "' was not found. For more details please go to "
                + "https://aka.ms/ARMResourceNotFoundFix");
    }

    public static EmuException resourceGroupNotFound(String resourceGroup) {
        return new EmuException(404, "ResourceGroupNotFound", "Resource group '" + resourceGroup + "' could not be found.");
    }

    public static EmuException subscriptionNotFound(String subscriptionId) {
        return new EmuException(404, "SubscriptionNotFound", "The subscription '" + subscriptionId + "' could not be found.");
    }

    public static EmuException invalidSubscriptionId(String subscriptionId) {
        return new EmuException(400, "InvalidSubscriptionId",
                "The provided subscription identifier '" + subscriptionId + "' is malformed or invalid.");
    }

    public static EmuException missingApiVersion() {
        return new EmuException(400, "MissingApiVersionParameter",
                "The api-version query parameter (?api-version=) is required for all requests.");
    }

    public static EmuException invalidApiVersion(String apiVersion, java.util.List<String> supported) {
        return new EmuException(400, "InvalidApiVersionParameter", "The api-version '" + apiVersion
                + "' is invalid. The supported versions are '" + String.join(",", supported)
                + "'. Please refer to https://aka.ms/resource-manager-api-versions for more information.");
    }

    public static EmuException noRegisteredProvider(String location, String apiVersion, String type,
                                                    java.util.List<String> supported) {
        return new EmuException(400, "NoRegisteredProviderFound", "No registered resource provider found for location '"
                + location + "' and API version '" + apiVersion + "' for type '" + type
                + "'. The supported api-versions are '" + String.join(", ", supported)
                + "'. The supported locations are '" + String.join(", ", Locations.SUPPORTED) + "'.");
    }

    public static EmuException invalidResourceNamespace(String namespace) {
        return new EmuException(400, "InvalidResourceNamespace", "The resource namespace '" + namespace + "' is invalid.");
    }

    public static EmuException invalidResourceType(String namespace, String type, String apiVersion) {
        return new EmuException(400, "InvalidResourceType", "The resource type '" + type
                + "' could not be found in the namespace '" + namespace + "' for api version '" + apiVersion + "'.");
    }

    public static EmuException noRoute(String method, String path) {
        return new EmuException(404, "NotFound", "No HTTP resource was found that matches the request URI '"
                + path + "' for method '" + method + "'.");
    }

    public static EmuException methodNotAllowed(String method, String what) {
        return new EmuException(405, "MethodNotAllowed", "The requested resource '" + what
                + "' does not support http method '" + method + "'.");
    }

    public static EmuException invalidRequestContent(String detail) {
        return new EmuException(400, "InvalidRequestContent",
                "The request content was invalid and could not be deserialized: '" + detail + "'.");
    }

    public static EmuException locationRequired() {
        return new EmuException(400, "LocationRequired", "The location property is required for this definition.");
    }

    /** A resource ID inside a request body that is not a well-formed ARM ID. */
    public static EmuException linkedInvalidPropertyId(String value, String path) {
        return new EmuException(400, "LinkedInvalidPropertyId", "Property id '" + value + "' at path '" + path
                + "' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}' "
                + "or '/providers/{resourceProviderNamespace}/'.");
    }

    public static EmuException invalidResourceLocation(String name, String existing, String requested, String rg) {
        return new EmuException(400, "InvalidResourceLocation", "The resource '" + name + "' already exists in location '"
                + existing + "' in resource group '" + rg + "'. A resource with the same name cannot be created in location '"
                + requested + "'. Please select a new resource name.");
    }

    public static EmuException invalidResourceGroupName(String name) {
        return new EmuException(400, "InvalidResourceGroup", "The provided resource group name '" + name
                + "' has invalid characters or length. The name can only be a letter, digit, '-', '.', '(', ')' or '_', "
                + "at most 90 characters, and cannot end in a period.");
    }

    /** A property with the wrong JSON type or value, as the resource provider reports it. */
    public static EmuException invalidProperty(String path, String message) {
        return new EmuException(400, "InvalidRequestContent", "The request content was invalid: property '" + path
                + "' " + message + ".", path);
    }

    public static EmuException locationNotAvailable(String location, String type) {
        return new EmuException(400, "LocationNotAvailableForResourceType", "The provided location '" + location
                + "' is not available for resource type '" + type + "'. List of available regions for the resource type is '"
                + String.join(",", Locations.SUPPORTED) + "'.");
    }
}
