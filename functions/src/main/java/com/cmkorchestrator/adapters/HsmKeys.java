package com.cmkorchestrator.adapters;

import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import com.cmkorchestrator.core.model.KeyType;
import com.cmkorchestrator.core.ports.DeletedKey;
import com.cmkorchestrator.core.ports.KeyCreation;
import com.cmkorchestrator.core.ports.KeyPort;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;

import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link KeyPort} on {@code azure-security-keyvault-keys}' {@link KeyClient}, one per HSM URI. */
public final class HsmKeys implements KeyPort {
    private final AzureConnection azure;

    public HsmKeys(AzureConnection azure) {
        this.azure = azure;
    }

    @Override
    public Optional<KeyState> getKey(URI hsmUri, String name) {
        KeyClient keys = azure.keyClient(hsmUri);
        return AzureCalls.find("GET " + AzureCalls.onHsm(hsmUri, "keys/") + name, () -> {
            KeyVaultKey key = keys.getKey(name);
            List<KeyVersion> versions = keys.listPropertiesOfKeyVersions(name).stream().map(HsmKeys::version).toList();
            JsonWebKey material = key.getKey();
            boolean ec = key.getKeyType() != null && key.getKeyType().toString().startsWith("EC");
            return new KeyState(key.getName(), String.valueOf(key.getKeyType()),
                    ec || material == null || material.getN() == null ? null : new BigInteger(1, material.getN()).bitLength(),
                    material == null || material.getCurveName() == null ? null : material.getCurveName().toString(),
                    versions, key.getProperties().getVersion(), key.getProperties().getTags());
        });
    }

    @Override
    public Optional<DeletedKey> getDeletedKey(URI hsmUri, String name) {
        return AzureCalls.find("GET " + AzureCalls.onHsm(hsmUri, "deletedkeys/") + name, () -> azure.keyClient(hsmUri).getDeletedKey(name))
                .map(deleted -> new DeletedKey(deleted.getName() == null ? name : deleted.getName(),
                        instant(deleted.getDeletedOn()), instant(deleted.getScheduledPurgeDate())));
    }

    /** The poller is dropped once the recover request was accepted: the next pass reads the key back. */
    @Override
    public void beginRecoverDeletedKey(URI hsmUri, String name) {
        AzureCalls.run("POST " + AzureCalls.onHsm(hsmUri, "deletedkeys/") + name + "/recover",
                () -> azure.keyClient(hsmUri).beginRecoverDeletedKey(name));
    }

    @Override
    public KeyVersion createKey(URI hsmUri, KeyCreation creation) {
        KeyClient keys = azure.keyClient(hsmUri);
        KeyOperation[] operations = creation.keyOperations().stream().map(KeyOperation::fromString)
                .toArray(KeyOperation[]::new);
        OffsetDateTime expiresOn = creation.expiresOn() == null ? null : creation.expiresOn().atOffset(ZoneOffset.UTC);
        return AzureCalls.call("POST " + AzureCalls.onHsm(hsmUri, "keys/") + creation.name() + "/create", () -> {
            KeyVaultKey key = creation.type() == KeyType.RSA_HSM
                    ? keys.createRsaKey(new CreateRsaKeyOptions(creation.name()).setHardwareProtected(true)
                    .setKeySize(creation.size()).setKeyOperations(operations).setExpiresOn(expiresOn)
                    .setTags(creation.tags()))
                    : keys.createEcKey(new CreateEcKeyOptions(creation.name()).setHardwareProtected(true)
                    .setCurveName(creation.curve() == null ? null : KeyCurveName.fromString(creation.curve()))
                    .setKeyOperations(operations).setExpiresOn(expiresOn).setTags(creation.tags()));
            return version(key.getProperties());
        });
    }

    @Override
    public Optional<KeyRotationPolicy> getRotationPolicy(URI hsmUri, String name) {
        return AzureCalls.find("GET " + AzureCalls.onHsm(hsmUri, "keys/") + name + "/rotationpolicy",
                        () -> azure.keyClient(hsmUri).getKeyRotationPolicy(name))
                .flatMap(RotationPolicyMapping::fromSdk);
    }

    @Override
    public void setRotationPolicy(URI hsmUri, String name, KeyRotationPolicy policy) {
        AzureCalls.run("PUT " + AzureCalls.onHsm(hsmUri, "keys/") + name + "/rotationpolicy",
                () -> azure.keyClient(hsmUri).updateKeyRotationPolicy(name, RotationPolicyMapping.toSdk(policy)));
    }

    @Override
    public KeyVersion rotate(URI hsmUri, String name) {
        return AzureCalls.call("POST " + AzureCalls.onHsm(hsmUri, "keys/") + name + "/rotate",
                () -> version(azure.keyClient(hsmUri).rotateKey(name).getProperties()));
    }

    /**
     * Reads the version's properties first: the keys library updates a {@link KeyProperties} it produced (name and
     * version cannot be set by hand), and no {@code key_ops} are sent, so the version keeps its operations.
     */
    @Override
    public void disableVersion(URI hsmUri, String name, String version) {
        KeyClient keys = azure.keyClient(hsmUri);
        AzureCalls.run("PATCH " + AzureCalls.onHsm(hsmUri, "keys/") + name + "/" + version,
                () -> keys.updateKeyProperties(keys.getKey(name, version).getProperties().setEnabled(false)));
    }

    @Override
    public List<String> listKeyNames(URI hsmUri) {
        return AzureCalls.call("GET " + AzureCalls.onHsm(hsmUri, "keys"),
                () -> azure.keyClient(hsmUri).listPropertiesOfKeys().stream().map(KeyProperties::getName).toList());
    }

    private static KeyVersion version(KeyProperties properties) {
        return new KeyVersion(Objects.requireNonNull(properties.getVersion(), "the HSM returned a key without version"),
                Boolean.TRUE.equals(properties.isEnabled()),
                Objects.requireNonNull(instant(properties.getCreatedOn()), "the HSM returned a version without 'created'"),
                instant(properties.getExpiresOn()), instant(properties.getNotBefore()));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
