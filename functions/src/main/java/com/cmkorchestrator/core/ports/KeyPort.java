package com.cmkorchestrator.core.ports;

import com.cmkorchestrator.core.errors.AzureCallException;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Keys on the Managed HSM data plane ({@code {hsmUri}/keys}, api-version 7.5), reached with
 * {@code azure-security-keyvault-keys}' {@code KeyClient} built with {@code vaultUrl(hsmUri)}.
 * The caller needs a local role on the HSM: Crypto User can read, create and rotate (azure-facts 3, 5).
 * Every method throws {@link AzureCallException} for Azure errors other than the "not found" it maps to empty.
 */
public interface KeyPort {

    /**
     * Read now: {@code GET {hsmUri}/keys/{name}} ({@code KeyClient.getKey}) for type and size, then
     * {@code GET {hsmUri}/keys/{name}/versions} ({@code KeyClient.listPropertiesOfKeyVersions}) for every version.
     *
     * @return the key, or empty on 404 {@code KeyNotFound}
     */
    Optional<KeyState> getKey(URI hsmUri, String name);

    /**
     * The key as this process read it a few seconds ago, without a request; empty when it did not. For a rotation's
     * fan-out, where hundreds of passes need the same key within seconds (docs/concurrency.md section 5). A rotation,
     * creation or policy change this process makes is seen at once; one another instance made may not be for those
     * seconds, so callers use it only where a stale answer cannot end a pass as "all is well" (see
     * {@code EnsureKey}). By default, nothing is kept.
     */
    default Optional<KeyState> recentKey(URI hsmUri, String name) {
        return Optional.empty();
    }

    /** The rotation policy as read a few seconds ago, or read now; as {@link #recentKey}. By default, a read. */
    default Optional<KeyRotationPolicy> recentRotationPolicy(URI hsmUri, String name) {
        return getRotationPolicy(hsmUri, name);
    }

    /**
     * {@code GET {hsmUri}/deletedkeys/{name}} ({@code KeyClient.getDeletedKey}).
     *
     * @return the soft-deleted key, or empty on 404
     */
    Optional<DeletedKey> getDeletedKey(URI hsmUri, String name);

    /**
     * {@code POST {hsmUri}/deletedkeys/{name}/recover} ({@code KeyClient.beginRecoverDeletedKey}). Returns once
     * Azure accepted the request, without waiting for the poller: the next reconcile pass sees the key back.
     */
    void beginRecoverDeletedKey(URI hsmUri, String name);

    /**
     * {@code POST {hsmUri}/keys/{name}/create} ({@code KeyClient.createRsaKey} / {@code createEcKey} with
     * {@code hardwareProtected=true}). Beware: on an existing name this creates a new version, so the core calls it
     * only after {@link #getKey} and {@link #getDeletedKey} both returned empty.
     *
     * @return the first version
     */
    KeyVersion createKey(URI hsmUri, KeyCreation creation);

    /**
     * {@code GET {hsmUri}/keys/{name}/rotationpolicy} ({@code KeyClient.getKeyRotationPolicy}).
     *
     * @return the policy, or empty when the key has none
     */
    Optional<KeyRotationPolicy> getRotationPolicy(URI hsmUri, String name);

    /** {@code PUT {hsmUri}/keys/{name}/rotationpolicy} ({@code KeyClient.updateKeyRotationPolicy}). */
    void setRotationPolicy(URI hsmUri, String name, KeyRotationPolicy policy);

    /**
     * {@code POST {hsmUri}/keys/{name}/rotate} ({@code KeyClient.rotateKey}): a new version, per the rotation policy's
     * expiry. Fails once the key holds 100 versions.
     *
     * @return the new version
     */
    KeyVersion rotate(URI hsmUri, String name);

    /**
     * {@code PATCH {hsmUri}/keys/{name}/{version}} with {@code {"attributes":{"enabled":false}}}
     * ({@code KeyClient.updateKeyProperties}). The core calls it only through the version retention guard.
     */
    void disableVersion(URI hsmUri, String name, String version);

    /** {@code GET {hsmUri}/keys} ({@code KeyClient.listPropertiesOfKeys}): the names of every key. */
    List<String> listKeyNames(URI hsmUri);
}
