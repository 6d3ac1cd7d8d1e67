package com.cmkorchestrator.emulator.arm;

import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.regex.Pattern;

/** The JSON shape of a resource group and the rule for its name. */
public final class ResourceGroupDocuments {
    public static final String TYPE = "Microsoft.Resources/resourceGroups";
    private static final Pattern NAME = Pattern.compile("^[-\\w._()]{1,90}$", Pattern.UNICODE_CHARACTER_CLASS);

    private ResourceGroupDocuments() {
    }

    public static void validateName(String name) {
        if (!NAME.matcher(name).matches() || name.endsWith(".")) {
            throw ArmErrors.invalidResourceGroupName(name);
        }
    }

    /** @param managedBy the resource that owns the group (Databricks' managed group), or null */
    public static ObjectNode document(String subscriptionId, String name, String location, ObjectNode tags, String managedBy) {
        ObjectNode doc = EmuRequest.JSON.createObjectNode();
        doc.put("id", "/subscriptions/" + subscriptionId + "/resourceGroups/" + name);
        doc.put("name", name).put("type", TYPE).put("location", location);
        if (managedBy != null) {
            doc.put("managedBy", managedBy);
        }
        doc.set("tags", tags == null ? EmuRequest.JSON.createObjectNode() : tags);
        doc.putObject("properties").put("provisioningState", "Succeeded");
        return doc;
    }
}
