package com.cmkorchestrator.emulator.hsm.keys;

import com.cmkorchestrator.emulator.hsm.http.KeyName;
import com.cmkorchestrator.emulator.hsm.http.HsmRouter;
import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;
import com.cmkorchestrator.emulator.hsm.rbac.DataAction;
import com.cmkorchestrator.emulator.hsm.rbac.LocalRbac;
import com.cmkorchestrator.emulator.hsm.rbac.RoleScope;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

/**
 * {@code wrapkey}, {@code unwrapkey}, {@code encrypt} and {@code decrypt} with the real RSA key of a
 * version. A version must allow the operation ({@code key_ops}) and be enabled and inside its
 * {@code nbf}/{@code exp} window, otherwise Key Vault's 403 {@code Forbidden} answers (the inner
 * codes {@code KeyDisabled}, {@code KeyExpired}, {@code KeyNotYetValid} and
 * {@code KeyOperationForbidden} are the emulator's: only the disabled case is known from Key Vault).
 */
public final class CryptoRoutes {
    private static final String VERSIONED = "/keys/([^/]+)(?:/([^/]+))?/";

    private final HsmKeyStore store;
    private final LocalRbac rbac;
    private final KeyJson json;
    private final Clock clock;

    public CryptoRoutes(HsmKeyStore store, LocalRbac rbac, KeyJson json, Clock clock) {
        this.store = store;
        this.rbac = rbac;
        this.json = json;
        this.clock = clock;
    }

    private enum Operation {
        WRAP("wrapKey", DataAction.KEYS_WRAP, true),
        UNWRAP("unwrapKey", DataAction.KEYS_UNWRAP, false),
        ENCRYPT("encrypt", DataAction.KEYS_ENCRYPT, true),
        DECRYPT("decrypt", DataAction.KEYS_DECRYPT, false);

        final String keyOp;
        final DataAction action;
        final boolean publicKey;

        Operation(String keyOp, DataAction action, boolean publicKey) {
            this.keyOp = keyOp;
            this.action = action;
            this.publicKey = publicKey;
        }
    }

    public void register(HsmRouter router) {
        router.add("POST", VERSIONED + "wrapkey", call -> run(call, Operation.WRAP));
        router.add("POST", VERSIONED + "unwrapkey", call -> run(call, Operation.UNWRAP));
        router.add("POST", VERSIONED + "encrypt", call -> run(call, Operation.ENCRYPT));
        router.add("POST", VERSIONED + "decrypt", call -> run(call, Operation.DECRYPT));
    }

    private EmuResponse run(HsmRouter.Call call, Operation operation) {
        String name = KeyName.require(call.param(0));
        rbac.require(call.caller(), operation.action, RoleScope.key(name));
        KeyVersion version = store.version(name, call.param(1));
        requireUsable(version, operation.keyOp);
        JsonNode body = call.request().jsonObject("BadParameter");
        WrapAlgorithm algorithm = WrapAlgorithm.parse(body.path("alg").asText(null));
        byte[] input = base64Url(body.get("value"));
        byte[] output = operation.publicKey
                ? version.material().encrypt(algorithm, input)
                : version.material().decrypt(algorithm, input);
        ObjectNode answer = EmuRequest.JSON.createObjectNode()
                .put("kid", json.versionId(store.live(name), version))
                .put("value", Base64.getUrlEncoder().withoutPadding().encodeToString(output));
        return EmuResponse.json(200, answer);
    }

    private void requireUsable(KeyVersion version, String keyOp) {
        Instant now = clock.instant();
        KeyAttributes attributes = version.attributes();
        if (!version.permits(keyOp)) {
            throw new KeyVaultError(403, "Forbidden", "Operation " + keyOp + " is not permitted on this key: its"
                    + " key_ops are " + version.keyOps() + ".", "KeyOperationForbidden");
        }
        if (!attributes.enabled()) {
            throw new KeyVaultError(403, "Forbidden", "Operation " + keyOp + " is not allowed on a disabled key.",
                    "KeyDisabled");
        }
        if (attributes.isExpiredAt(now)) {
            throw new KeyVaultError(403, "Forbidden", "Operation " + keyOp + " is not allowed on an expired key.",
                    "KeyExpired");
        }
        if (attributes.isNotYetValidAt(now)) {
            throw new KeyVaultError(403, "Forbidden", "Operation " + keyOp + " is not allowed on a key that is not"
                    + " yet valid (nbf).", "KeyNotYetValid");
        }
    }

    private static byte[] base64Url(JsonNode value) {
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw KeyVaultError.badParameter("The property 'value' is required (base64url).");
        }
        try {
            return Base64.getUrlDecoder().decode(value.asText());
        } catch (IllegalArgumentException e) {
            throw KeyVaultError.badParameter("The property 'value' is not base64url: " + e.getMessage());
        }
    }
}
