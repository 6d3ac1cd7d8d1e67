package com.cmkorchestrator.emulator.hsm;

import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;
import com.cmkorchestrator.emulator.hsm.keys.HsmKey;
import com.cmkorchestrator.emulator.hsm.keys.HsmKeyStore;
import com.cmkorchestrator.emulator.hsm.http.KeyName;
import com.cmkorchestrator.emulator.hsm.keys.KeyRequests;
import com.cmkorchestrator.emulator.hsm.keys.RotationPolicy;
import com.cmkorchestrator.emulator.hsm.rbac.DataAction;
import com.cmkorchestrator.emulator.hsm.rbac.LocalRbac;
import com.cmkorchestrator.emulator.hsm.rbac.RoleScope;
import com.cmkorchestrator.emulator.hsm.settings.HsmSettings;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Optional;

/**
 * ARM's {@code managedHSMs/keys} PUT as the HSM sees it (keysManagedHsm.json, 2025-05-01): "Creates
 * the first version of a new key if it does not exist. If it already exists ... returned without
 * any write operations", and only when the HSM allows it ({@code AllowKeyManagementOperationsThroughARM}).
 * ARM acts for the deployer, so the deployer needs {@code keys/create} on the key (inferred from
 * authorize-azure-resource-manager.md). The error codes for those refusals are the emulator's.
 */
final class ArmKeyWriter {
    private ArmKeyWriter() {
    }

    /** @param armProperties the resource's {@code properties}: kty, keySize, curveName, keyOps, attributes, rotationPolicy */
    static ArmKeyWrite write(String baseUri, boolean active, HsmSettings settings, LocalRbac rbac, HsmKeyStore keys,
                             String keyName, JsonNode armProperties, String callerOid, Instant now) {
        if (!active) {
            return new ArmKeyWrite.Refused(409, "ManagedHsmNotActivated", "The managed HSM is not activated.");
        }
        if (!settings.allowKeyManagementThroughArm()) {
            return new ArmKeyWrite.Refused(403, "Forbidden", "Azure Managed HSM does not trust Azure Resource Manager"
                    + " by default: an HSM administrator must set AllowKeyManagementOperationsThroughARM to true.");
        }
        if (!KeyName.isValid(keyName)) {
            return new ArmKeyWrite.Refused(400, "BadRequest", "The key name '" + keyName
                    + "' is invalid: it must match ^[a-zA-Z0-9-]{1,127}$.");
        }
        if (!rbac.isPermitted(callerOid, DataAction.KEYS_CREATE, RoleScope.key(keyName))) {
            return new ArmKeyWrite.Refused(403, "AccessDenied", "Not authorized to access "
                    + DataAction.KEYS_CREATE.value() + " on /keys/" + keyName);
        }
        Optional<HsmKey> existing = keys.find(keyName);
        if (existing.isPresent()) {
            return written(baseUri, existing.get(), false);
        }
        try {
            JsonNode policyBody = armProperties.get("rotationPolicy");
            if (policyBody != null && !policyBody.isNull()) {
                RotationPolicy.parse(policyBody, now); // validate before anything is created
            }
            keys.create(keyName, KeyRequests.creation(dataPlaneBody(armProperties)));
            if (policyBody != null && !policyBody.isNull()) {
                keys.setRotationPolicy(keyName, policyBody);
            }
            return written(baseUri, keys.live(keyName), true);
        } catch (KeyVaultError e) {
            return new ArmKeyWrite.Refused(e.status(), e.code(), e.getMessage());
        }
    }

    /** ARM spells the data plane's {@code key_size}, {@code crv} and {@code key_ops} in camel case. */
    private static ObjectNode dataPlaneBody(JsonNode arm) {
        ObjectNode body = EmuRequest.JSON.createObjectNode();
        copy(arm, "kty", body, "kty");
        copy(arm, "keySize", body, "key_size");
        copy(arm, "curveName", body, "crv");
        copy(arm, "keyOps", body, "key_ops");
        copy(arm, "attributes", body, "attributes");
        // ARM's kty also lists RSA and EC; in a Managed HSM every key is HSM-protected (inferred mapping).
        String kty = body.path("kty").asText("");
        if (kty.equals("RSA") || kty.equals("EC")) {
            body.put("kty", kty + "-HSM");
        }
        return body;
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull()) {
            to.set(as, value);
        }
    }

    private static ArmKeyWrite written(String baseUri, HsmKey key, boolean created) {
        String keyUri = baseUri + "/keys/" + key.name();
        return new ArmKeyWrite.Written(keyUri, keyUri + "/" + key.latest().version(), created);
    }
}
