package com.cmkorchestrator.emulator.arm.providers;

import com.cmkorchestrator.emulator.arm.ApiVersions;
import com.cmkorchestrator.emulator.arm.ArmCall;
import com.cmkorchestrator.emulator.arm.ArmContext;
import com.cmkorchestrator.emulator.arm.ArmErrors;
import com.cmkorchestrator.emulator.arm.RequestBody;
import com.cmkorchestrator.emulator.arm.ResourceGroupDocuments;
import com.cmkorchestrator.emulator.arm.ResourceId;
import com.cmkorchestrator.emulator.arm.TrackedResources;
import com.cmkorchestrator.emulator.transport.EmuException;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Microsoft.Databricks/workspaces}, driven through generic resources (there is no typed
 * Java SDK). Create answers 201 {@code Accepted} and finishes as a long-running operation, as
 * Databricks does; it also creates the managed resource group. Encryption is {@link DatabricksEncryption}'s.
 */
public final class DatabricksWorkspaces extends TrackedResources {
    public static final String TYPE = "Microsoft.Databricks/workspaces";
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]{3,64}$");
    private static final Pattern GROUP_ID = Pattern.compile("^/subscriptions/([^/]+)/resourceGroups/([^/]+)$",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> SKUS = Set.of("standard", "premium", "trial");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatabricksEncryption encryption;

    public DatabricksWorkspaces(ArmContext arm) {
        super(arm);
        this.encryption = new DatabricksEncryption(arm);
    }

    @Override
    public String fullType() { return TYPE; }

    @Override
    public List<String> apiVersions() { return ApiVersions.DATABRICKS; }

    @Override
    public void validateName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new EmuException(400, "InvalidWorkspaceName", "The workspace name '" + name + "' is invalid. It must be "
                    + "3 to 64 characters of letters, digits, underscores and hyphens.");
        }
    }

    @Override
    public EmuResponse put(ArmCall call, ResourceId id, ObjectNode body) {
        ObjectNode existing = existing(id);
        ObjectNode doc = build(call, id, body, existing);
        if (existing == null) {
            ensureManagedGroup(doc);
            return writeLongRunning(call, id, doc, "Microsoft.Databricks", "Accepted", 201, now -> { },
                    creation -> arm.operations().accepted(call, creation, 201, view(doc)));
        }
        // an update (enabling encryption, a new key version) answers 201 Accepted too (EnableEncryption
        // example, 2026-01-01), and GET shows it Updating while it runs
        return writeLongRunning(call, id, doc, "Microsoft.Databricks", "Updating", 200, now -> { },
                update -> arm.operations().accepted(call, update, 201, viewInState(doc, "Accepted")));
    }

    /** Databricks' PATCH changes tags only: 200, or 202 with both polling headers (WorkspaceUpdate example). */
    @Override
    public EmuResponse patch(ArmCall call, ResourceId id, ObjectNode body) {
        ObjectNode doc = require(id).deepCopy();
        if (body.has("tags")) {
            doc.set("tags", RequestBody.tags(body));
        }
        return writeLongRunning(call, id, doc, "Microsoft.Databricks", "Updating", 200, now -> { },
                update -> arm.operations().accepted(call, update, 202, null));
    }

    @Override
    public EmuResponse delete(ArmCall call, ResourceId id) {
        ObjectNode doc = existing(id);
        if (doc == null) {
            return EmuResponse.empty(204);
        }
        return arm.operations().respond(call, id.subscriptionId(), "Microsoft.Databricks", doc.get("location").asText(),
                null, arm.settings().operationDuration().get(), now -> {
                    removedWithGroup(id, doc);
                    removed(call, id, doc, now);
                }, () -> EmuResponse.empty(200), deletion -> arm.operations().accepted(call, deletion, 202, null));
    }

    /** The managed resource group goes with the workspace (found by its {@code managedBy}). */
    @Override
    public void removedWithGroup(ResourceId id) {
        ObjectNode doc = existing(id);
        if (doc != null) {
            removedWithGroup(id, doc);
        }
    }

    private void removedWithGroup(ResourceId id, ObjectNode doc) {
        String groupName = managedGroupName(doc);
        arm.state().group(groupName).filter(group -> group.path("managedBy").asText().equalsIgnoreCase(doc.get("id").asText()))
                .ifPresent(group -> {
                    arm.state().resourcesIn(groupName).forEach(arm.state()::remove);
                    arm.state().removeGroup(groupName);
                });
    }

    private ObjectNode build(ArmCall call, ResourceId id, ObjectNode request, ObjectNode existing) {
        ObjectNode doc = envelope(id, request, existing);
        ObjectNode sku = RequestBody.object(request, "sku", "sku");
        String skuName = RequestBody.requiredText(sku, "name", "sku.name");
        if (!SKUS.contains(skuName.toLowerCase(Locale.ROOT))) {
            throw new EmuException(400, "InvalidSkuName", "The sku '" + skuName + "' is invalid. Valid values are "
                    + "standard, premium and trial.");
        }
        doc.set("sku", sku.deepCopy());
        ObjectNode previous = existing == null ? null : (ObjectNode) existing.get("properties");
        ObjectNode properties = propertiesOf(request);
        String managedGroup = RequestBody.requiredText(properties, "managedResourceGroupId", "properties.managedResourceGroupId");
        Matcher group = GROUP_ID.matcher(managedGroup);
        if (!group.matches()) {
            throw ArmErrors.linkedInvalidPropertyId(managedGroup, "properties.managedResourceGroupId");
        }
        if (group.group(2).equalsIgnoreCase(id.resourceGroup())) {
            throw new EmuException(400, "InvalidManagedResourceGroup", "The managed resource group cannot be the "
                    + "workspace's own resource group '" + id.resourceGroup() + "'.");
        }
        if (previous != null && !previous.path("managedResourceGroupId").asText().equalsIgnoreCase(managedGroup)) {
            throw new EmuException(400, "InvalidManagedResourceGroup", "The managed resource group of a workspace "
                    + "cannot be changed.");
        }
        properties.set("parameters", typedParameters(properties.get("parameters")));
        encryption.apply(call, doc, properties, previous, managedGroup, skuName);
        properties.put("provisioningState", "Succeeded");
        properties.put("workspaceId", previous != null ? previous.path("workspaceId").asText() : workspaceId());
        properties.put("workspaceUrl", "adb-" + properties.get("workspaceId").asText() + ".19.azuredatabricks.net");
        properties.put("createdDateTime", previous != null ? previous.path("createdDateTime").asText() : call.now().toString());
        ObjectNode by = properties.putObject("updatedBy").put("oid", call.callerOid());
        properties.set("createdBy", previous != null && previous.has("createdBy") ? previous.get("createdBy").deepCopy() : by.deepCopy());
        doc.set("properties", properties);
        return doc;
    }

    /** Databricks answers each parameter with its {@code type} added. */
    private static JsonNode typedParameters(JsonNode parameters) {
        if (parameters == null || parameters.isNull()) {
            return com.fasterxml.jackson.databind.node.NullNode.getInstance();
        }
        if (!(parameters instanceof ObjectNode object)) {
            throw ArmErrors.invalidProperty("properties.parameters", "must be a JSON object");
        }
        ObjectNode typed = object.deepCopy();
        typed.fields().forEachRemaining(entry -> {
            if (!(entry.getValue() instanceof ObjectNode parameter) || !parameter.has("value")) {
                throw ArmErrors.invalidProperty("properties.parameters." + entry.getKey(), "must be an object with a 'value'");
            }
            JsonNode value = parameter.get("value");
            parameter.put("type", value.isBoolean() ? "Bool" : value.isNumber() ? "Int" : value.isObject() ? "Object"
                    : value.isArray() ? "Array" : "String");
        });
        return typed;
    }

    private void ensureManagedGroup(ObjectNode doc) {
        String name = managedGroupName(doc);
        if (arm.state().group(name).isEmpty()) {
            arm.state().putGroup(name, ResourceGroupDocuments.document(arm.settings().subscriptionId(), name,
                    doc.get("location").asText(), null, doc.get("id").asText()));
        }
    }

    private static String managedGroupName(ObjectNode doc) {
        Matcher group = GROUP_ID.matcher(doc.path("properties").path("managedResourceGroupId").asText());
        return group.matches() ? group.group(2) : "";
    }

    private static String workspaceId() {
        return Long.toString(1_000_000_000_000_000L + (RANDOM.nextLong() & Long.MAX_VALUE) % 8_999_999_999_999_999L);
    }
}
