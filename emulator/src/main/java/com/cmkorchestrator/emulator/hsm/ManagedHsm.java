package com.cmkorchestrator.emulator.hsm;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/** One emulated Managed HSM, as seen from ARM and the admin API. */
public interface ManagedHsm {

    String armId();

    String name();

    /** {@code https://127.0.0.1:<port>/}: the {@code hsmUri} ARM reports. */
    URI uri();

    /** {@code NotActivated} until a security domain download succeeds, then {@code Active}. */
    String activationStatus();

    /**
     * What a resource provider sees when it tries to use a key for CMK on behalf of
     * {@code principalOid}: Azure checks that the HSM is active, the key exists, the version (the
     * latest when {@code keyVersion} is null) is enabled and unexpired, and that the principal holds
     * wrap and unwrap on the key's scope, with role propagation already complete.
     */
    KeyAccessCheck checkCmkAccess(String keyName, String keyVersion, String principalOid);

    /** {@code https://<hsm>/keys/<name>/<version>} of the newest version, if the key exists and is not deleted. */
    Optional<String> latestVersionId(String keyName);

    /**
     * ARM turned purge protection on ({@code enablePurgeProtection}, which cannot be turned off):
     * the data plane's deleted keys and its customer-managed-key checks follow at once. An HSM that
     * does not model purge protection ignores it.
     */
    default void enablePurgeProtection() {
    }

    /**
     * The HSM's {@code AllowKeyManagementOperationsThroughARM} setting ({@code false} until an
     * administrator turns it on): ARM's {@code managedHSMs/keys} writes need it.
     */
    default boolean allowsKeyManagementThroughArm() {
        throw new UnsupportedOperationException("settings are not available from " + getClass().getName());
    }

    /**
     * ARM's {@code managedHSMs/keys} PUT: creates the key's first version as {@code callerOid} if the key
     * does not exist, returns it untouched if it does, and refuses unless the HSM is active, allows key
     * management through ARM and the caller may create keys.
     *
     * @param armProperties the resource's {@code properties} (kty, keySize, curveName, keyOps, attributes, rotationPolicy)
     */
    default ArmKeyWrite writeKeyThroughArm(String keyName, JsonNode armProperties,
                                           String callerOid) {
        throw new UnsupportedOperationException("ARM key writes are not available from " + getClass().getName());
    }

    /** Everything about the HSM, for tests and the admin API. */
    default HsmSnapshot snapshot() {
        throw new UnsupportedOperationException("inspection is not available from " + getClass().getName());
    }

    /**
     * When version {@code version} of key {@code keyName} was created (emulated time), if known.
     * ARM's background pickups (Storage after 24 h, Disk Encryption Sets after 1 h) count from it;
     * when unknown they count from the moment ARM first saw the version as the newest.
     */
    default Optional<Instant> versionCreated(String keyName, String version) {
        try {
            return snapshot().keys().stream().filter(key -> key.name().equals(keyName))
                    .flatMap(key -> key.versions().stream()).filter(v -> v.version().equals(version))
                    .map(HsmSnapshot.Version::created).findFirst();
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
    }
}
