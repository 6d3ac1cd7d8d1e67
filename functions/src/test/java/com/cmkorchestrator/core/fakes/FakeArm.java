package com.cmkorchestrator.core.fakes;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.ports.IdentityPort;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.TargetBinding;
import com.cmkorchestrator.core.ports.TargetPort;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.ports.TargetState.DatabricksWorkspaceState;
import com.cmkorchestrator.core.ports.TargetState.DiskEncryptionSetState;
import com.cmkorchestrator.core.ports.TargetState.StorageAccountState;
import com.cmkorchestrator.core.ports.UserAssignedIdentity;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * User-assigned identities and the resources keys are bound to. A bind succeeds only when every principal that
 * reaches the key holds a propagated grant; otherwise it fails as Azure does, with {@code KeyVaultAccessForbidden}.
 */
public final class FakeArm implements IdentityPort, TargetPort {

    private final FakeAzure azure;
    private final Map<ArmId, UserAssignedIdentity> identities = new HashMap<>();
    private final Map<ArmId, TargetState> targets = new HashMap<>();
    /** The object ID the app acts as, as its token would name it; null when it cannot be told. */
    public String ownPrincipal;

    FakeArm(FakeAzure azure) {
        this.azure = azure;
    }

    public UserAssignedIdentity seedIdentity(ArmId id) {
        UserAssignedIdentity identity = new UserAssignedIdentity(id, azure.newPrincipal(), "client", "westeurope");
        identities.put(id, identity);
        return identity;
    }

    public Optional<UserAssignedIdentity> identity(ArmId id) {
        return Optional.ofNullable(identities.get(id));
    }

    public void addStorageAccount(ArmId id) {
        targets.put(id, new StorageAccountState(id, "westeurope", "Succeeded", Set.of(), null, null, null, null));
    }

    public void addDiskEncryptionSet(ArmId id) {
        targets.put(id, new DiskEncryptionSetState(id, "westeurope", "Succeeded", Set.of(), null, false, null, null));
    }

    public void addDatabricksWorkspace(ArmId id) {
        targets.put(id, new DatabricksWorkspaceState(id, "westeurope", "Succeeded", null, null, false, null));
    }

    public TargetState target(ArmId id) {
        return targets.get(id);
    }

    /** Replaces a resource's state, as if someone (or Azure) changed it. */
    public void setTarget(TargetState state) {
        targets.put(state.id(), state);
    }

    @Override
    public Optional<UserAssignedIdentity> get(ArmId id) {
        azure.log.call("identity.get");
        return Optional.ofNullable(identities.get(id));
    }

    @Override
    public UserAssignedIdentity create(ArmId id, String location, Map<String, String> tags) {
        azure.log.call("identity.create");
        azure.armThrottle.take("PUT identity");
        if (identities.containsKey(id)) {
            throw new AssertionError("the core must never PUT over an existing identity");
        }
        UserAssignedIdentity identity = new UserAssignedIdentity(id, azure.newPrincipal(), "client", location);
        identities.put(id, identity);
        return identity;
    }

    @Override
    public Optional<String> ownPrincipalId() {
        return Optional.ofNullable(ownPrincipal);
    }

    @Override
    public Optional<TargetState> read(ArmId target) {
        azure.log.call("target.read");
        return Optional.ofNullable(targets.get(target));
    }

    @Override
    public Stream<TargetState> list(ArmId scope, TargetKind kind) {
        azure.log.call("target.list");
        return targets.values().stream().filter(state -> scope.contains(state.id()))
                .filter(state -> TargetKind.of(state.id()).orElseThrow() == kind).toList().stream();
    }

    @Override
    public void attachIdentity(ArmId target, ArmId identity) {
        azure.log.call("target.attachIdentity");
        azure.armThrottle.take("PATCH target identity");
        Set<ArmId> ids = new HashSet<>(targets.get(target).userAssignedIdentities());
        ids.add(identity);
        TargetState state = targets.get(target);
        if (state instanceof StorageAccountState s) {
            targets.put(target, new StorageAccountState(s.id(), s.location(), s.provisioningState(), ids, s.key(),
                    s.encryptionIdentity(), s.currentVersionedKeyIdentifier(), s.lastKeyRotationTimestamp()));
        } else if (state instanceof DiskEncryptionSetState d) {
            targets.put(target, new DiskEncryptionSetState(d.id(), d.location(), d.provisioningState(), ids,
                    d.activeKey(), d.rotationToLatestKeyVersionEnabled(), d.autoKeyRotationError(),
                    d.lastKeyRotationTimestamp()));
        } else {
            throw FakeAzure.error("PATCH workspace identity", 400, "BadRequest", "workspaces take no user identity");
        }
    }

    @Override
    public void bind(TargetBinding binding) {
        azure.log.call("target.bind");
        azure.armThrottle.take("PATCH target encryption");
        if (binding instanceof TargetBinding.StorageEncryption storage) {
            requireAccess(storage.key(), principalOf(storage.identity()), "KeyVaultAuthenticationFailure");
            StorageAccountState s = (StorageAccountState) targets.get(storage.target());
            KeyRef inUse = storage.key().version() != null ? storage.key() : latest(storage.key());
            targets.put(s.id(), new StorageAccountState(s.id(), s.location(), "Succeeded", s.userAssignedIdentities(),
                    storage.key(), storage.identity(), inUse, azure.now()));
        } else if (binding instanceof TargetBinding.DiskEncryptionSetKey des) {
            requireAccess(des.key(), principalOf(des.identity()), "KeyVaultAccessForbidden");
            DiskEncryptionSetState d = (DiskEncryptionSetState) targets.get(des.target());
            // as the adapter's PATCH does: the identity goes in with the key it is granted on
            Set<ArmId> ids = new HashSet<>(d.userAssignedIdentities());
            ids.add(des.identity());
            targets.put(d.id(), new DiskEncryptionSetState(d.id(), d.location(), "Succeeded", ids,
                    des.key(), des.rotationToLatestKeyVersionEnabled(), null, azure.now()));
        } else if (binding instanceof TargetBinding.DatabricksEncryption dbx) {
            requireAccess(dbx.managedServicesKey(), FakeAzure.DATABRICKS_APP, "KeyVaultAccessForbidden");
            DatabricksWorkspaceState w = (DatabricksWorkspaceState) targets.get(dbx.target());
            // the workspace creates its managed disk identity once managed disk encryption is on
            String disk = w.managedDiskIdentityPrincipalId() != null ? w.managedDiskIdentityPrincipalId() : azure.newPrincipal();
            targets.put(w.id(), new DatabricksWorkspaceState(w.id(), w.location(), "Succeeded", dbx.managedServicesKey(),
                    dbx.managedDiskKey(), dbx.managedDiskAutoRotation(), disk));
        }
    }

    /** Azure's asynchronous pickup: auto references move to the key's latest version. */
    public void pickUpNewVersions() {
        targets.replaceAll((id, state) -> {
            if (state instanceof StorageAccountState s && s.key() != null && s.key().version() == null) {
                return new StorageAccountState(s.id(), s.location(), s.provisioningState(), s.userAssignedIdentities(),
                        s.key(), s.encryptionIdentity(), latest(s.key()), azure.now());
            }
            if (state instanceof DiskEncryptionSetState d && d.rotationToLatestKeyVersionEnabled()) {
                return new DiskEncryptionSetState(d.id(), d.location(), d.provisioningState(), d.userAssignedIdentities(),
                        latest(d.activeKey()), true, d.autoKeyRotationError(), azure.now());
            }
            if (state instanceof DatabricksWorkspaceState w && w.managedDiskAutoRotation()) {
                return new DatabricksWorkspaceState(w.id(), w.location(), w.provisioningState(), w.managedServicesKey(),
                        latest(w.managedDiskKey()), true, w.managedDiskIdentityPrincipalId());
            }
            return state;
        });
    }

    private KeyRef latest(KeyRef key) {
        KeyState state = azure.keyVault.key(key.hsmUri(), key.name()).state();
        return key.withVersion(state.latest().version());
    }

    private String principalOf(ArmId identity) {
        UserAssignedIdentity uai = identities.get(identity);
        if (uai == null) {
            throw FakeAzure.error("PATCH target", 400, "InvalidIdentity", "identity " + identity + " not found");
        }
        return uai.principalId();
    }

    private void requireAccess(KeyRef key, String principal, String code) {
        var fake = azure.keyVault.key(key.hsmUri(), key.name());
        if (fake == null || fake.deleted) {
            throw FakeAzure.error("PATCH target", 400, "KeyVaultKeyNotFound", "key " + key + " not found");
        }
        if (!azure.keyVault.canUse(key.hsmUri(), key.name(), principal)) {
            throw FakeAzure.error("PATCH target", 400, code, "Unable to access key vault resource '" + key.url()
                    + "'. Please grant get, wrap and unwrap key permissions to " + principal);
        }
    }
}
