package com.cmkorchestrator.emulator.cmk;

import com.cmkorchestrator.emulator.hsm.KeyAccessCheck;
import com.cmkorchestrator.emulator.hsm.ManagedHsm;
import com.cmkorchestrator.emulator.hsm.ManagedHsmFleet;
import com.cmkorchestrator.emulator.transport.EmuException;

import java.util.Optional;

/**
 * What a resource provider does before it accepts a customer-managed key: it asks the HSM whether
 * the resource's identity may wrap and unwrap with that key. The HSM answers (active, purge
 * protection on, key exists, enabled, unexpired, role held and propagated); this class turns a
 * refusal into the provider's ARM error. Keys in anything but an emulated Managed HSM are refused: the emulator has no Key Vault.
 */
public final class CmkGate {
    private final ManagedHsmFleet fleet;

    public CmkGate(ManagedHsmFleet fleet) {
        this.fleet = fleet;
    }

    /**
     * @param principalDescription how the provider names the identity in its message
     * @return the versioned key ID in force ({@code .../keys/<name>/<version>})
     * @throws EmuException the provider's error when access is denied
     */
    public String requireAccess(KeyReference key, String principalOid, String principalDescription, DenialWording wording) {
        KeyAccessCheck check = check(key, principalOid);
        if (check instanceof KeyAccessCheck.Granted granted) {
            return granted.versionedKeyId();
        }
        KeyAccessCheck.Denied denied = (KeyAccessCheck.Denied) check;
        if (denied.isNotRecoverable()) {
            throw wording.notRecoverable().of(key);
        }
        if (denied.httpStatus() == 401 || denied.httpStatus() == 403) {
            throw wording.accessDenied().of(key, principalDescription, denied);
        }
        // not about permissions (no such key, disabled, expired, HSM not active): the provider relays
        // the vault's own code; it is the caller's request that is wrong, hence 400.
        throw new EmuException(400, denied.code(), denied.message());
    }

    /** The HSM's answer, without turning it into an error (for Azure's own background pickups). */
    public KeyAccessCheck check(KeyReference key, String principalOid) {
        Optional<ManagedHsm> hsm = fleet.byUri(key.vaultUri());
        if (hsm.isEmpty()) {
            return new KeyAccessCheck.Denied(404, "KeyVaultNotFound", "The key vault or managed HSM '" + key.vaultUri()
                    + "' was not found. (The emulator serves customer-managed keys only from its own Managed HSMs.)");
        }
        return hsm.get().checkCmkAccess(key.keyName(), key.version(), principalOid);
    }

    public Optional<String> latestVersionId(KeyReference key) {
        return fleet.byUri(key.vaultUri()).flatMap(hsm -> hsm.latestVersionId(key.keyName()));
    }
}
