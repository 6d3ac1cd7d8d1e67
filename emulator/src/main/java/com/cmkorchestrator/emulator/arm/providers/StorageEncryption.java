package com.cmkorchestrator.emulator.arm.providers;

import com.cmkorchestrator.emulator.arm.ArmCall;
import com.cmkorchestrator.emulator.arm.ArmContext;
import com.cmkorchestrator.emulator.arm.ManagedIdentities;
import com.cmkorchestrator.emulator.arm.RequestBody;
import com.cmkorchestrator.emulator.cmk.DenialWording;
import com.cmkorchestrator.emulator.cmk.KeyReference;
import com.cmkorchestrator.emulator.transport.EmuException;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * A storage account's {@code encryption} block: Microsoft-managed keys, or a customer-managed key
 * ({@code keySource: Microsoft.Keyvault}, {@code keyvaultproperties}) used through the identity in
 * {@code encryption.identity.userAssignedIdentity} or, without one, the system-assigned identity.
 * A new or changed binding is accepted only when the HSM lets that identity use the key; the
 * read-only {@code currentVersionedKeyIdentifier} and {@code lastKeyRotationTimestamp} follow.
 */
final class StorageEncryption {
    static final String KEY_VAULT = "Microsoft.Keyvault";
    static final String MICROSOFT = "Microsoft.Storage";

    /**
     * Storage's answers when the account's identity cannot use the key, and when the vault lacks
     * purge protection ("(KeyVaultPolicyError) Keyvault policy recoverable is not set", as az CLI
     * shows it in Azure/azure-cli#12346 and, for a Managed HSM, #17914); both Azure's wording.
     */
    static final DenialWording DENIED = new DenialWording((key, principal, denied) -> new EmuException(400,
            "KeyVaultAuthenticationFailure", "The operation failed because of authentication issue on the keyvault. For "
                    + "more information, see - https://aka.ms/storagekeyvaultaccesspolicy"),
            key -> new EmuException(400, "KeyVaultPolicyError", "Keyvault policy recoverable is not set"));

    private final ArmContext arm;

    StorageEncryption(ArmContext arm) {
        this.arm = arm;
    }

    /**
     * @param requested the request's {@code properties.encryption} (null keeps the previous block)
     * @param identity  the account's resolved identity block
     * @param previous  the stored block, null on create
     */
    ObjectNode resolve(ArmCall call, JsonNode requested, ObjectNode identity, JsonNode previous) {
        if (requested == null || requested.isNull()) {
            return previous != null ? (ObjectNode) previous.deepCopy() : microsoftManaged(call, null);
        }
        if (!(requested instanceof ObjectNode)) {
            throw invalid("properties.encryption must be a JSON object");
        }
        ObjectNode encryption = requested.deepCopy();
        encryption.set("services", services(call, encryption.get("services"), previous == null ? null : previous.get("services")));
        String keySource = RequestBody.text(encryption, "keySource", "properties.encryption.keySource");
        if (keySource == null || keySource.equalsIgnoreCase(MICROSOFT)) {
            encryption.put("keySource", MICROSOFT);
            encryption.remove("keyvaultproperties");
            return encryption;
        }
        if (!keySource.equalsIgnoreCase(KEY_VAULT)) {
            throw invalid("properties.encryption.keySource '" + keySource + "' must be Microsoft.Storage or Microsoft.Keyvault");
        }
        encryption.put("keySource", KEY_VAULT);
        bind(call, encryption, identity, previous);
        return encryption;
    }

    private void bind(ArmCall call, ObjectNode encryption, ObjectNode identity, JsonNode previous) {
        ObjectNode properties = RequestBody.object(encryption, "keyvaultproperties", "properties.encryption.keyvaultproperties");
        if (properties == null) {
            throw invalid("properties.encryption.keyvaultproperties is required when keySource is Microsoft.Keyvault");
        }
        String vaultUri = RequestBody.requiredText(properties, "keyvaulturi", "properties.encryption.keyvaultproperties.keyvaulturi");
        String keyName = RequestBody.requiredText(properties, "keyname", "properties.encryption.keyvaultproperties.keyname");
        String keyVersion = RequestBody.text(properties, "keyversion", "properties.encryption.keyvaultproperties.keyversion");
        KeyReference key = KeyReference.of(vaultUri, keyName, keyVersion,
                invalid("properties.encryption.keyvaultproperties does not name a key: keyvaulturi '" + vaultUri
                        + "', keyname '" + keyName + "'"));
        String principal = principal(encryption, identity);
        properties.remove("currentVersionedKeyIdentifier");
        properties.remove("lastKeyRotationTimestamp");

        JsonNode before = previous == null ? null : previous.get("keyvaultproperties");
        boolean unchanged = before != null && KEY_VAULT.equals(previous.path("keySource").asText())
                && Objects.equals(normalizedUri(before.path("keyvaulturi").asText()), normalizedUri(vaultUri))
                && before.path("keyname").asText().equals(keyName)
                && before.path("keyversion").asText("").equals(keyVersion == null ? "" : keyVersion)
                && userAssignedName(encryption).equalsIgnoreCase(userAssignedName(previous));
        String current;
        if (unchanged) {
            current = before.path("currentVersionedKeyIdentifier").asText();
        } else {
            current = arm.cmk().requireAccess(key, principal, "storage account identity", DENIED);
        }
        properties.put("currentVersionedKeyIdentifier", current);
        String lastRotation = before != null && current.equals(before.path("currentVersionedKeyIdentifier").asText())
                ? before.path("lastKeyRotationTimestamp").asText(call.now().toString()) : call.now().toString();
        properties.put("lastKeyRotationTimestamp", lastRotation);
    }

    /** The identity Storage uses for the key: the named user-assigned one, else the system-assigned one. */
    private static String principal(ObjectNode encryption, ObjectNode identity) {
        ObjectNode encryptionIdentity = RequestBody.object(encryption, "identity", "properties.encryption.identity");
        String userAssigned = RequestBody.text(encryptionIdentity, "userAssignedIdentity",
                "properties.encryption.identity.userAssignedIdentity");
        if (userAssigned != null && !userAssigned.isEmpty()) {
            return ManagedIdentities.userAssignedPrincipal(identity, userAssigned).orElseThrow(() -> invalid(
                    "properties.encryption.identity.userAssignedIdentity '" + userAssigned
                            + "' must be one of the account's user-assigned identities (identity.userAssignedIdentities)"));
        }
        return ManagedIdentities.systemPrincipal(identity).orElseThrow(() -> invalid(
                "a customer-managed key needs an identity: set encryption.identity.userAssignedIdentity or give the "
                        + "account a system-assigned identity"));
    }

    private static String userAssignedName(JsonNode encryption) {
        return encryption.path("identity").path("userAssignedIdentity").asText("");
    }

    private ObjectNode microsoftManaged(ArmCall call, JsonNode previousServices) {
        ObjectNode encryption = EmuRequest.JSON.createObjectNode();
        encryption.set("services", services(call, null, previousServices));
        encryption.put("keySource", MICROSOFT);
        return encryption;
    }

    /** Blob and file encryption, always on; {@code lastEnabledTime} is when each was first enabled. */
    private static ObjectNode services(ArmCall call, JsonNode requested, JsonNode previous) {
        ObjectNode services = requested instanceof ObjectNode given ? given.deepCopy() : EmuRequest.JSON.createObjectNode();
        for (String service : new String[] {"blob", "file"}) {
            if (!services.has(service)) {
                services.putObject(service).put("enabled", true).put("keyType", "Account");
            }
        }
        services.fields().forEachRemaining(entry -> {
            if (entry.getValue() instanceof ObjectNode service) {
                String since = previous == null ? null : previous.path(entry.getKey()).path("lastEnabledTime").asText(null);
                service.put("lastEnabledTime", since != null ? since : call.now().toString());
            }
        });
        return services;
    }

    private static String normalizedUri(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1).toLowerCase() : uri.toLowerCase();
    }

    private static EmuException invalid(String detail) {
        return new EmuException(400, "InvalidValuesForRequestParameters", "Values for request parameters are invalid: "
                + detail + ".");
    }
}
