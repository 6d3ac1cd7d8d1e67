package com.cmkorchestrator.emulator.arm.providers;

import com.cmkorchestrator.emulator.arm.RequestBody;
import com.cmkorchestrator.emulator.transport.EmuException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of a Managed HSM's {@code sku} and {@code properties}: soft delete always on, a
 * retention of 7-90 days fixed at creation, purge protection that cannot be turned off once on,
 * at least one initial administrator, the subscription's tenant.
 */
final class ManagedHsmProperties {
    private static final Set<String> SKU_NAMES = Set.of("Standard_B1", "Custom_B32", "Custom_B6", "Custom_C42", "Custom_C10");
    private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$");

    private final String tenantId;

    ManagedHsmProperties(String tenantId) {
        this.tenantId = tenantId;
    }

    ObjectNode sku(ObjectNode body) {
        ObjectNode sku = RequestBody.object(body, "sku", "sku");
        String family = RequestBody.requiredText(sku, "family", "sku.family");
        String name = RequestBody.requiredText(sku, "name", "sku.name");
        if (!family.equals("B") && !family.equals("C")) {
            throw bad("The sku family '" + family + "' is invalid. Valid values are 'B' and 'C'.");
        }
        if (!SKU_NAMES.contains(name)) {
            throw bad("The sku name '" + name + "' is invalid. Valid values are " + String.join(", ", SKU_NAMES) + ".");
        }
        return sku.deepCopy();
    }

    boolean isRecover(ObjectNode body) {
        String mode = RequestBody.text(body.path("properties"), "createMode", "properties.createMode");
        if (mode == null || mode.equalsIgnoreCase("default")) {
            return false;
        }
        if (mode.equalsIgnoreCase("recover")) {
            return true;
        }
        throw bad("The createMode '" + mode + "' is invalid. Valid values are 'default' and 'recover'.");
    }

    /** The properties of a new HSM (read-only fields are the caller's). */
    ObjectNode create(ObjectNode body) {
        ObjectNode properties = RequestBody.object(body, "properties", "properties");
        if (properties == null) {
            throw bad("The 'properties' of a managed HSM are required.");
        }
        ObjectNode result = properties.deepCopy();
        result.remove("createMode");
        String tenant = RequestBody.text(properties, "tenantId", "properties.tenantId");
        if (tenant != null && !tenant.equalsIgnoreCase(tenantId)) {
            throw bad("The tenant '" + tenant + "' is not the subscription's tenant '" + tenantId + "'.");
        }
        result.put("tenantId", tenantId);
        result.set("initialAdminObjectIds", admins(properties));
        if (Boolean.FALSE.equals(RequestBody.bool(properties, "enableSoftDelete", "properties.enableSoftDelete"))) {
            throw bad("Soft delete cannot be disabled for a managed HSM: 'enableSoftDelete' must be true.");
        }
        result.put("enableSoftDelete", true);
        Integer retention = RequestBody.integer(properties, "softDeleteRetentionInDays", "properties.softDeleteRetentionInDays");
        if (retention != null && (retention < 7 || retention > 90)) {
            throw bad("The softDeleteRetentionInDays value " + retention + " is invalid. It must be between 7 and 90.");
        }
        result.put("softDeleteRetentionInDays", retention == null ? 90 : retention);
        Boolean purgeProtection = RequestBody.bool(properties, "enablePurgeProtection", "properties.enablePurgeProtection");
        result.put("enablePurgeProtection", purgeProtection != null && purgeProtection);
        if (!result.has("publicNetworkAccess")) {
            result.put("publicNetworkAccess", "Enabled");
        }
        if (!result.has("networkAcls")) {
            result.putObject("networkAcls").put("bypass", "AzureServices").put("defaultAction", "Allow");
        }
        return result;
    }

    /** The properties after an update of an existing HSM; immutable ones must not change. */
    ObjectNode update(ObjectNode body, ObjectNode existing) {
        ObjectNode before = (ObjectNode) existing.get("properties");
        ObjectNode requested = RequestBody.object(body, "properties", "properties");
        ObjectNode result = before.deepCopy();
        if (requested == null) {
            return result;
        }
        Boolean purgeProtection = RequestBody.bool(requested, "enablePurgeProtection", "properties.enablePurgeProtection");
        if (Boolean.FALSE.equals(purgeProtection) && before.path("enablePurgeProtection").asBoolean(false)) {
            throw bad("The property \"enablePurgeProtection\" cannot be set to false. Enabling the purge protection "
                    + "for a vault is an irreversible action.");
        }
        if (Boolean.TRUE.equals(purgeProtection)) {
            result.put("enablePurgeProtection", true);
        }
        if (Boolean.FALSE.equals(RequestBody.bool(requested, "enableSoftDelete", "properties.enableSoftDelete"))) {
            throw bad("Soft delete cannot be disabled for a managed HSM: 'enableSoftDelete' must be true.");
        }
        Integer retention = RequestBody.integer(requested, "softDeleteRetentionInDays", "properties.softDeleteRetentionInDays");
        if (retention != null && retention != before.path("softDeleteRetentionInDays").asInt()) {
            throw bad("The softDeleteRetentionInDays of a managed HSM is set at creation and cannot be changed.");
        }
        for (String settable : new String[] {"publicNetworkAccess", "networkAcls", "regions"}) {
            if (requested.has(settable)) {
                result.set(settable, requested.get(settable).deepCopy());
            }
        }
        return result;
    }

    /** {@code initialAdminObjectIds}: at least one object ID (only these may activate the HSM). */
    ArrayNode admins(JsonNode properties) {
        JsonNode admins = properties.get("initialAdminObjectIds");
        if (!(admins instanceof ArrayNode array) || array.isEmpty()) {
            throw bad("At least one object ID in 'initialAdminObjectIds' is required: only these principals can "
                    + "activate the managed HSM.");
        }
        for (JsonNode admin : array) {
            if (!admin.isTextual() || !GUID.matcher(admin.asText()).matches()) {
                throw bad("'initialAdminObjectIds' must hold object IDs (GUIDs), got " + admin + ".");
            }
        }
        return array.deepCopy();
    }

    List<String> adminList(JsonNode properties) {
        List<String> out = new ArrayList<>();
        admins(properties).forEach(node -> out.add(node.asText()));
        return out;
    }

    private static EmuException bad(String message) {
        return new EmuException(400, "BadRequest", message);
    }
}
