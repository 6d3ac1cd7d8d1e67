package com.cmkorchestrator.emulator.hsm;

import com.cmkorchestrator.emulator.hsm.keys.HsmKey;
import com.cmkorchestrator.emulator.hsm.keys.HsmKeyStore;
import com.cmkorchestrator.emulator.hsm.keys.HsmProperties;
import com.cmkorchestrator.emulator.hsm.keys.KeyAttributes;
import com.cmkorchestrator.emulator.hsm.keys.KeyVersion;
import com.cmkorchestrator.emulator.hsm.rbac.DataAction;
import com.cmkorchestrator.emulator.hsm.rbac.LocalRbac;
import com.cmkorchestrator.emulator.hsm.rbac.RoleScope;

import java.time.Instant;
import java.util.Optional;

/**
 * What a resource provider (Storage, Compute for DES, Databricks) finds when it tries to use a key
 * for CMK on behalf of a principal. Checked in the order the provider meets the problems: the HSM
 * must be active and have purge protection; the principal must hold get, wrap and unwrap on the key's scope (assignments in
 * effect only); then the key and version must exist and the version be enabled and within its
 * validity window.
 *
 * <p>Only {@code KeyVaultAccessForbidden} and its message are sourced (azure-facts.md section 9, an
 * ansible-collections/azure PR #1676 log for DES). The other codes ({@code KeyVaultKeyNotFound},
 * {@code KeyVaultKeyDisabled}, {@code KeyVaultKeyExpired}, {@code KeyVaultKeyNotYetValid}) and all
 * HTTP statuses are the emulator's inference.
 */
final class CmkAccess {
    private CmkAccess() {
    }

    static KeyAccessCheck check(String hsmUri, boolean active, HsmProperties properties, HsmKeyStore store, LocalRbac rbac,
                                String keyName, String keyVersion, String principalOid, Instant now) {
        String keyRef = hsmUri + "keys/" + keyName + (keyVersion == null ? "" : "/" + keyVersion);
        if (!active) {
            return forbidden(hsmUri, principalOid, " The managed HSM is not activated.");
        }
        if (!properties.purgeProtectionEnabled()) {
            // soft delete is always on in a Managed HSM; purge protection is what the services check
            return new KeyAccessCheck.Denied(400, KeyAccessCheck.NOT_RECOVERABLE, "The managed HSM '" + hsmUri
                    + "' does not have purge protection enabled; customer-managed keys need soft delete and purge protection.");
        }
        RoleScope scope;
        try {
            scope = RoleScope.key(keyName);
        } catch (IllegalArgumentException e) {
            return new KeyAccessCheck.Denied(400, "KeyVaultKeyNotFound", "The key '" + keyRef
                    + "' is not a valid Managed HSM key name.");
        }
        boolean allowed = rbac.isPermitted(principalOid, DataAction.KEYS_READ, scope)
                && rbac.isPermitted(principalOid, DataAction.KEYS_WRAP, scope)
                && rbac.isPermitted(principalOid, DataAction.KEYS_UNWRAP, scope);
        if (!allowed) {
            return forbidden(hsmUri, principalOid, "");
        }
        Optional<HsmKey> key = store.find(keyName);
        Optional<KeyVersion> version = key.flatMap(k -> keyVersion == null ? Optional.of(k.latest()) : k.version(keyVersion));
        if (version.isEmpty()) {
            return new KeyAccessCheck.Denied(400, "KeyVaultKeyNotFound", "The key '" + keyRef
                    + "' was not found in the managed HSM, or it is deleted.");
        }
        KeyAttributes attributes = version.get().attributes();
        String versionedId = hsmUri + "keys/" + key.get().name() + "/" + version.get().version();
        if (!attributes.enabled()) {
            return new KeyAccessCheck.Denied(400, "KeyVaultKeyDisabled", "The key '" + versionedId + "' is disabled.");
        }
        if (attributes.isExpiredAt(now)) {
            return new KeyAccessCheck.Denied(400, "KeyVaultKeyExpired", "The key '" + versionedId
                    + "' expired at " + attributes.expires() + ".");
        }
        if (attributes.isNotYetValidAt(now)) {
            return new KeyAccessCheck.Denied(400, "KeyVaultKeyNotYetValid", "The key '" + versionedId
                    + "' is not valid before " + attributes.notBefore() + ".");
        }
        return new KeyAccessCheck.Granted(versionedId);
    }

    private static KeyAccessCheck forbidden(String hsmUri, String principalOid, String detail) {
        return new KeyAccessCheck.Denied(403, "KeyVaultAccessForbidden", "Unable to access key vault resource '"
                + hsmUri + "' to unwrap key. Please grant get, wrap and unwrap key permissions to user-assigned"
                + " identity '" + principalOid + "'." + detail);
    }
}
