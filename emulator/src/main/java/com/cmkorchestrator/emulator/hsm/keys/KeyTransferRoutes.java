package com.cmkorchestrator.emulator.hsm.keys;

import com.cmkorchestrator.emulator.hsm.http.HsmRouter;
import com.cmkorchestrator.emulator.hsm.http.KeyName;
import com.cmkorchestrator.emulator.hsm.http.KeyVaultError;
import com.cmkorchestrator.emulator.hsm.rbac.DataAction;
import com.cmkorchestrator.emulator.hsm.rbac.LocalRbac;
import com.cmkorchestrator.emulator.hsm.rbac.RoleScope;
import com.cmkorchestrator.emulator.transport.EmuResponse;

/**
 * The routes that move key material in or out of the HSM (backup, restore, release, import), which
 * the emulator does not carry out: each is authorized for its data action exactly as Azure does, so a
 * principal without the right gets Azure's 403, and one with it gets 501 {@code NotSupported}
 * instead of a result the emulator cannot produce faithfully.
 */
public final class KeyTransferRoutes {
    private final LocalRbac rbac;

    public KeyTransferRoutes(LocalRbac rbac) {
        this.rbac = rbac;
    }

    public void register(HsmRouter router) {
        router.add("POST", "/keys/([^/]+)/backup", call -> refuse(call, DataAction.KEYS_BACKUP, "backup"));
        router.add("POST", "/keys/([^/]+)/([^/]*)/release", call -> refuse(call, DataAction.KEYS_RELEASE, "release"));
        router.add("PUT", "/keys/([^/]+)", call -> refuse(call, DataAction.KEYS_IMPORT, "import"));
        router.add("POST", "/keys/restore", call -> {
            rbac.require(call.caller(), DataAction.KEYS_RESTORE, RoleScope.KEYS);
            throw notSupported("restore");
        });
    }

    private EmuResponse refuse(HsmRouter.Call call, DataAction action, String operation) {
        rbac.require(call.caller(), action, RoleScope.key(KeyName.require(call.param(0))));
        throw notSupported(operation);
    }

    private static KeyVaultError notSupported(String operation) {
        return new KeyVaultError(501, "NotSupported", "Key " + operation + " is not emulated: the cmk-orchestrator"
                + " emulator keeps key material inside the HSM.");
    }
}
