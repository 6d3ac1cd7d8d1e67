package com.cmkorchestrator.emulator.arm.providers;

import com.cmkorchestrator.emulator.arm.ApiVersions;
import com.cmkorchestrator.emulator.arm.ArmCall;
import com.cmkorchestrator.emulator.arm.ArmContext;
import com.cmkorchestrator.emulator.arm.ArmErrors;
import com.cmkorchestrator.emulator.arm.RequestBody;
import com.cmkorchestrator.emulator.arm.ResourceId;
import com.cmkorchestrator.emulator.arm.TrackedResources;
import com.cmkorchestrator.emulator.transport.EmuException;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code Microsoft.Storage/storageAccounts}. Create is a long-running operation (202 + Location, as
 * Storage does), a PUT on an existing account and PATCH are synchronous. Encryption, including the
 * customer-managed key binding and its enforcement, is {@link StorageEncryption}'s.
 */
public final class StorageAccounts extends TrackedResources {
    public static final String TYPE = "Microsoft.Storage/storageAccounts";
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]{3,24}$");
    private static final Set<String> SKUS = Set.of("Standard_LRS", "Standard_GRS", "Standard_RAGRS", "Standard_ZRS",
            "Premium_LRS", "Premium_ZRS", "Standard_GZRS", "Standard_RAGZRS");
    private static final Set<String> KINDS = Set.of("Storage", "StorageV2", "BlobStorage", "FileStorage", "BlockBlobStorage");

    private final StorageEncryption encryption;

    public StorageAccounts(ArmContext arm) {
        super(arm);
        this.encryption = new StorageEncryption(arm);
    }

    @Override
    public String fullType() { return TYPE; }

    @Override
    public List<String> apiVersions() { return ApiVersions.STORAGE; }

    @Override
    public void validateName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new EmuException(400, "AccountNameInvalid", name + " is not a valid storage account name. Storage "
                    + "account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.");
        }
    }

    @Override
    public EmuResponse put(ArmCall call, ResourceId id, ObjectNode body) {
        ObjectNode existing = existing(id);
        if (existing == null) {
            requireUniqueName(id);
        }
        ObjectNode doc = build(call, id, body, existing);
        if (existing != null) {
            return written(call, id, doc, 200);
        }
        return writeLongRunning(call, id, doc, "Microsoft.Storage", "ResolvingDNS", 200, now -> { },
                creation -> arm.operations().acceptedWithLocation(call, creation, 202, null));
    }

    @Override
    public EmuResponse patch(ArmCall call, ResourceId id, ObjectNode body) {
        ObjectNode existing = require(id);
        ObjectNode request = merged(existing, body);
        return written(call, id, build(call, id, request, existing), 200);
    }

    @Override
    public EmuResponse delete(ArmCall call, ResourceId id) {
        return deleteNow(call, id);
    }

    /** The account as it will be stored; validates everything and changes nothing. */
    private ObjectNode build(ArmCall call, ResourceId id, ObjectNode request, ObjectNode existing) {
        ObjectNode doc = envelope(id, request, existing);
        doc.set("sku", sku(request, existing));
        doc.put("kind", kind(request, existing));
        ObjectNode identity = arm.identities().resolve(request.get("identity"), existing == null ? null : existing.get("identity"));
        if (identity != null) {
            doc.set("identity", identity);
        }
        ObjectNode properties = propertiesOf(request);
        ObjectNode previous = existing == null ? null : (ObjectNode) existing.get("properties");
        properties.put("provisioningState", "Succeeded");
        properties.put("creationTime", previous != null ? previous.path("creationTime").asText() : call.now().toString());
        properties.put("primaryLocation", doc.get("location").asText());
        properties.put("statusOfPrimary", "available");
        properties.set("primaryEndpoints", endpoints(id.name()));
        if (!properties.has("supportsHttpsTrafficOnly")) {
            properties.put("supportsHttpsTrafficOnly", true);
        }
        if (!properties.has("accessTier") && !doc.get("kind").asText().equals("Storage")) {
            properties.put("accessTier", "Hot");
        }
        if (!properties.has("privateEndpointConnections")) {
            properties.putArray("privateEndpointConnections");
        }
        if (!properties.has("networkAcls")) {
            ObjectNode acls = properties.putObject("networkAcls").put("bypass", "AzureServices").put("defaultAction", "Allow");
            acls.putArray("ipRules");
            acls.putArray("virtualNetworkRules");
        }
        properties.set("encryption", encryption.resolve(call, properties.get("encryption"), identity,
                previous == null ? null : previous.get("encryption")));
        doc.set("properties", properties);
        return doc;
    }

    private ObjectNode sku(ObjectNode request, ObjectNode existing) {
        ObjectNode sku = RequestBody.object(request, "sku", "sku");
        if (sku == null && existing != null) {
            return existing.get("sku").deepCopy();
        }
        String name = RequestBody.requiredText(sku, "name", "sku.name");
        String canonical = SKUS.stream().filter(known -> known.equalsIgnoreCase(name)).findFirst().orElseThrow(() ->
                new EmuException(400, "InvalidValuesForRequestParameters", "Values for request parameters are invalid: sku.name '"
                        + name + "'. Valid values are " + String.join(", ", SKUS.stream().sorted().toList()) + "."));
        ObjectNode result = sku.deepCopy();
        result.put("name", canonical).put("tier", canonical.startsWith("Premium") ? "Premium" : "Standard");
        return result;
    }

    private String kind(ObjectNode request, ObjectNode existing) {
        String kind = RequestBody.text(request, "kind", "kind");
        if (kind == null) {
            if (existing != null) {
                return existing.get("kind").asText();
            }
            throw ArmErrors.invalidProperty("kind", "is required");
        }
        return KINDS.stream().filter(known -> known.equalsIgnoreCase(kind)).findFirst().orElseThrow(() ->
                new EmuException(400, "InvalidValuesForRequestParameters", "Values for request parameters are invalid: kind '"
                        + kind + "'."));
    }

    private void requireUniqueName(ResourceId id) {
        boolean taken = arm.state().resources(TYPE, null).stream()
                .anyMatch(doc -> doc.get("name").asText().toLowerCase(Locale.ROOT).equals(id.name().toLowerCase(Locale.ROOT)));
        if (taken) {
            throw new EmuException(409, "StorageAccountAlreadyTaken", "The storage account named " + id.name()
                    + " is already taken.");
        }
    }

    private static ObjectNode endpoints(String name) {
        ObjectNode endpoints = com.cmkorchestrator.emulator.transport.EmuRequest.JSON.createObjectNode();
        for (String service : new String[] {"blob", "dfs", "file", "queue", "table", "web"}) {
            endpoints.put(service, "https://" + name + "." + service + ".core.windows.net/");
        }
        return endpoints;
    }
}
