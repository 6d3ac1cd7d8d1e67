package com.cmkorchestrator.core.fakes;

import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.ports.IdentityPort;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.TargetBinding;
import com.cmkorchestrator.core.ports.TargetOperation;
import com.cmkorchestrator.core.ports.TargetPort;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.ports.TargetState.DatabricksWorkspaceState;
import com.cmkorchestrator.core.ports.TargetState.DiskEncryptionSetState;
import com.cmkorchestrator.core.ports.TargetState.StorageAccountState;
import com.cmkorchestrator.core.ports.TargetWrite;
import com.cmkorchestrator.core.ports.UserAssignedIdentity;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * User-assigned identities and the resources keys are bound to. A bind succeeds only when every principal that
 * reaches the key holds a propagated grant; otherwise it fails as Azure does, with {@code KeyVaultAccessForbidden}.
 * With {@link #operationDuration} set, DES and Databricks binds run as ARM's long-running operations do: the write
 * lands at once with {@code provisioningState} {@code Updating}, and its operation polls {@code InProgress} until the
 * fake clock has moved past its end.
 */
public final class FakeArm implements IdentityPort, TargetPort {

    /** How long DES and Databricks writes run; zero answers them at once. */
    public Duration operationDuration = Duration.ZERO;
    /** Set to make running operations end in this failure. */
    public AzureCallException operationFailure;
    /** Set to make each bind wait this long (on the fake clock) before it is sent, as one waiting for ARM's budget. */
    public Duration bindWaits = Duration.ZERO;

    private final FakeAzure azure;
    private final Map<ArmId, UserAssignedIdentity> identities = new HashMap<>();
    private final Map<ArmId, TargetState> targets = new HashMap<>();
    private final Map<String, Instant> operations = new HashMap<>();

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

    /** Deletes a resource, as someone outside the app would. */
    public void removeTarget(ArmId id) {
        targets.remove(id);
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
        if (identities.containsKey(id)) {
            throw new AssertionError("the core must never PUT over an existing identity");
        }
        UserAssignedIdentity identity = new UserAssignedIdentity(id, azure.newPrincipal(), "client", location);
        identities.put(id, identity);
        return identity;
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
    public TargetWrite bind(TargetBinding binding) {
        azure.clock.advance(bindWaits);
        azure.log.call("target.bind");
        if (binding instanceof TargetBinding.StorageEncryption storage) {
            StorageAccountState s = (StorageAccountState) targets.get(storage.target());
            if (!s.userAssignedIdentities().contains(storage.identity())) {
                throw FakeAzure.error("PATCH storage account", 400, "InvalidEncryptionIdentity", "the encryption "
                        + "identity " + storage.identity() + " is not assigned to the account");
            }
            requireAccess(storage.key(), principalOf(storage.identity()), "KeyVaultAuthenticationFailure");
            KeyRef inUse = storage.key().version() != null ? storage.key() : latest(storage.key());
            targets.put(s.id(), new StorageAccountState(s.id(), s.location(), "Succeeded", s.userAssignedIdentities(),
                    storage.key(), storage.identity(), inUse, azure.now()));
            return new TargetWrite.Done(targets.get(s.id()));
        }
        String state = operationDuration.isZero() ? "Succeeded" : "Updating";
        if (binding instanceof TargetBinding.DiskEncryptionSetKey des) {
            requireAccess(des.key(), principalOf(des.identity()), "KeyVaultAccessForbidden");
            DiskEncryptionSetState d = (DiskEncryptionSetState) targets.get(des.target());
            Set<ArmId> ids = new HashSet<>(d.userAssignedIdentities());
            if (des.attachIdentity()) {
                ids.add(des.identity());
            }
            targets.put(d.id(), new DiskEncryptionSetState(d.id(), d.location(), state, ids,
                    des.key(), des.rotationToLatestKeyVersionEnabled(), null, azure.now()));
        } else if (binding instanceof TargetBinding.DatabricksEncryption dbx) {
            requireAccess(dbx.managedServicesKey(), FakeAzure.DATABRICKS_APP, "KeyVaultAccessForbidden");
            DatabricksWorkspaceState w = (DatabricksWorkspaceState) targets.get(dbx.target());
            // the workspace creates its managed disk identity once managed disk encryption is on
            String disk = w.managedDiskIdentityPrincipalId() != null ? w.managedDiskIdentityPrincipalId() : azure.newPrincipal();
            targets.put(w.id(), new DatabricksWorkspaceState(w.id(), w.location(), state, dbx.managedServicesKey(),
                    dbx.managedDiskKey(), dbx.managedDiskAutoRotation(), disk));
        }
        if (operationDuration.isZero()) {
            return new TargetWrite.Done(targets.get(binding.target()));
        }
        String url = "https://management.fake/operations/" + UUID.randomUUID();
        operations.put(url, azure.now().plus(operationDuration));
        return new TargetWrite.Running(new TargetOperation(binding.target(), url, Duration.ofSeconds(5), ""));
    }

    /** Running until the fake clock passes the operation's end; then the write settles and is done. */
    @Override
    public Optional<TargetWrite> poll(TargetOperation operation) {
        azure.log.call("target.poll");
        Instant due = operations.get(operation.url());
        if (due == null) {
            return Optional.empty();
        }
        if (azure.now().isBefore(due)) {
            return Optional.of(new TargetWrite.Running(operation.lookAgainAfter(Duration.ofSeconds(5))));
        }
        if (operationFailure != null) {
            return Optional.of(new TargetWrite.Failed(operationFailure));
        }
        settle(operation.target());
        return Optional.of(new TargetWrite.Done(targets.get(operation.target())));
    }

    /** ARM forgets every operation, as it does some time after they end. */
    public void forgetOperations() {
        operations.clear();
    }

    /** Every operation ends, as if the fake clock had moved past them all (a test that drops a pass's status). */
    public void settleAll() {
        operations.keySet().forEach(url -> operations.put(url, Instant.MIN));
        targets.keySet().forEach(this::settle);
    }

    private void settle(ArmId target) {
        TargetState state = targets.get(target);
        if (state instanceof DiskEncryptionSetState d) {
            targets.put(target, new DiskEncryptionSetState(d.id(), d.location(), "Succeeded", d.userAssignedIdentities(),
                    d.activeKey(), d.rotationToLatestKeyVersionEnabled(), d.autoKeyRotationError(), d.lastKeyRotationTimestamp()));
        } else if (state instanceof DatabricksWorkspaceState w) {
            targets.put(target, new DatabricksWorkspaceState(w.id(), w.location(), "Succeeded", w.managedServicesKey(),
                    w.managedDiskKey(), w.managedDiskAutoRotation(), w.managedDiskIdentityPrincipalId()));
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
