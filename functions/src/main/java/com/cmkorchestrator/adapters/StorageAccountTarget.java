package com.cmkorchestrator.adapters;

import com.azure.core.util.Context;
import com.azure.resourcemanager.storage.fluent.StorageAccountsClient;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.resourcemanager.storage.models.Encryption;
import com.azure.resourcemanager.storage.models.EncryptionIdentity;
import com.azure.resourcemanager.storage.models.Identity;
import com.azure.resourcemanager.storage.models.IdentityType;
import com.azure.resourcemanager.storage.models.KeySource;
import com.azure.resourcemanager.storage.models.KeyVaultProperties;
import com.azure.resourcemanager.storage.models.StorageAccountUpdateParameters;
import com.azure.resourcemanager.storage.models.UserAssignedIdentity;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.ports.TargetBinding.StorageEncryption;
import com.cmkorchestrator.core.ports.TargetOperation;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.ports.TargetWrite;
import com.cmkorchestrator.core.ports.TargetState.StorageAccountState;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Storage accounts through {@code azure-resourcemanager-storage}'s inner {@link StorageAccountsClient}
 * ({@code StorageAccounts_GetProperties}, {@code StorageAccounts_Update}, a synchronous PATCH that answers with the
 * account: a bind's answer is the account as it now is).
 */
final class StorageAccountTarget implements TargetResource<StorageEncryption> {
    private final AzureConnection azure;

    StorageAccountTarget(AzureConnection azure) {
        this.azure = azure;
    }

    @Override
    public Optional<TargetState> read(ArmId target) {
        return AzureCalls.find("GET " + target, () -> inner(target)).map(account -> state(target, account));
    }

    @Override
    public Stream<TargetState> list(ArmId scope) {
        StorageAccountsClient client = azure.storage(scope.subscriptionId()).serviceClient().getStorageAccounts();
        return AzureCalls.stream("list storage accounts in " + scope, () -> scope.resourceGroup()
                        .map(client::listByResourceGroup).orElseGet(client::list).iterator())
                .map(account -> state(ArmId.parse(account.id()), account));
    }

    /** PATCHes the identity block with every identity already there plus {@code identity}; nothing if present. */
    @Override
    public void attachIdentity(ArmId target, ArmId identity) {
        StorageAccountInner account = AzureCalls.call("GET " + target, () -> inner(target));
        Identity current = account.identity();
        Optional<List<String>> ids = TargetResource.identitiesWith(current == null ? null : current.userAssignedIdentities(), identity);
        if (ids.isEmpty()) {
            return;
        }
        Map<String, UserAssignedIdentity> users = new LinkedHashMap<>();
        ids.get().forEach(id -> users.put(id, new UserAssignedIdentity()));
        boolean system = current != null && TargetResource.includesSystemAssigned(current.type());
        Identity wanted = new Identity()
                .withType(system ? IdentityType.SYSTEM_ASSIGNED_USER_ASSIGNED : IdentityType.USER_ASSIGNED)
                .withUserAssignedIdentities(users);
        AzureCalls.run("PATCH " + target + " identity", () -> client(target)
                .update(TargetResource.group(target), target.resourceName(), new StorageAccountUpdateParameters().withIdentity(wanted)));
    }

    /**
     * A versionless binding sends {@code keyversion: ""}: omitting it would leave a pinned version in place,
     * and the empty string is how Storage is told to follow new versions.
     */
    @Override
    public TargetWrite bind(StorageEncryption binding) {
        KeyRef key = binding.key();
        Encryption encryption = new Encryption()
                .withKeySource(KeySource.MICROSOFT_KEYVAULT)
                .withKeyVaultProperties(new KeyVaultProperties()
                        .withKeyName(key.name())
                        .withKeyVaultUri(key.hsmUri().toString())
                        .withKeyVersion(key.version() == null ? "" : key.version()))
                .withEncryptionIdentity(new EncryptionIdentity()
                        .withEncryptionUserAssignedIdentity(binding.identity().toString()));
        ArmId target = binding.target();
        StorageAccountInner account = AzureCalls.call("PATCH " + target + " encryption", () -> client(target)
                .update(TargetResource.group(target), target.resourceName(), new StorageAccountUpdateParameters().withEncryption(encryption)));
        return new TargetWrite.Done(state(target, account));
    }

    /** Storage's PATCH answers at once and begins no operation: a stray record is dropped and the account read. */
    @Override
    public Optional<TargetWrite> poll(TargetOperation operation) {
        return Optional.empty();
    }

    private StorageAccountInner inner(ArmId target) {
        return client(target).getByResourceGroupWithResponse(TargetResource.group(target), target.resourceName(), null,
                Context.NONE).getValue();
    }

    private StorageAccountsClient client(ArmId target) {
        return azure.storage(target.subscriptionId()).serviceClient().getStorageAccounts();
    }

    private static StorageAccountState state(ArmId target, StorageAccountInner account) {
        Set<ArmId> users = TargetResource.armIds(account.identity() == null ? null : account.identity().userAssignedIdentities());
        Encryption encryption = account.encryption();
        KeyVaultProperties vault = encryption == null ? null : encryption.keyVaultProperties();
        boolean customerKey = encryption != null && encryption.keySource() != null
                && KeySource.MICROSOFT_KEYVAULT.toString().equalsIgnoreCase(encryption.keySource().toString());
        KeyRef key = customerKey && vault != null ? TargetResource.keyRef(vault.keyVaultUri(), vault.keyName(), vault.keyVersion()) : null;
        KeyRef current = customerKey && vault != null && vault.currentVersionedKeyIdentifier() != null
                && !vault.currentVersionedKeyIdentifier().isBlank() ? KeyRef.parse(vault.currentVersionedKeyIdentifier()) : null;
        String identity = encryption == null || encryption.encryptionIdentity() == null ? null
                : encryption.encryptionIdentity().encryptionUserAssignedIdentity();
        OffsetDateTime rotated = vault == null ? null : vault.lastKeyRotationTimestamp();
        return new StorageAccountState(target, account.location(),
                account.provisioningState() == null ? null : account.provisioningState().toString(), users, key,
                identity == null || identity.isBlank() ? null : ArmId.parse(identity), current,
                rotated == null ? null : rotated.toInstant());
    }
}
