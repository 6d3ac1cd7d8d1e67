package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.IdentitySpec;
import com.cmkorchestrator.core.model.TargetKind;
import com.cmkorchestrator.core.ports.IdentityPort;
import com.cmkorchestrator.core.ports.LeaseNames;
import com.cmkorchestrator.core.ports.TargetPort;
import com.cmkorchestrator.core.ports.TargetState;
import com.cmkorchestrator.core.ports.UserAssignedIdentity;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;

import com.cmkorchestrator.retry.Retries;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static com.cmkorchestrator.core.status.ConditionType.IDENTITY_READY;

/**
 * {@code IdentityReady}: the principal that will reach the key exists and the target carries it.
 * Storage and DES: a user-assigned identity, used or created, attached to the target (a disk encryption set's by its
 * key write: one long-running operation rather than two). Databricks: the AzureDatabricks application (a setting)
 * and, once the workspace has one, its managed disk identity.
 *
 * <p>The target is not read when the previous status vouches for the identity (the same identity, seen attached) and
 * the next steps need no read: a write of this app's in flight, which the bound step polls, or a rebind whose write
 * says all ({@link Binder#writesWithoutRead}); a Databricks workspace is not read while a write of this app's is in
 * flight either. That is what keeps a rotation's fan-out near one ARM read per rebind.
 */
final class EnsureIdentity implements Step<KeyReady, IdentityReady> {

    /** New principals take a while to reach the directory the HSM checks; granting at once fails with PrincipalNotFound. */
    static final Duration NEW_PRINCIPAL_PAUSE = Retries.NEW_PRINCIPAL;

    /** Creating an identity is one ARM PUT; a holder that died frees the lease after this. */
    static final Duration CREATION_LEASE = Duration.ofSeconds(60);

    private final IdentityPort identities;
    private final TargetPort targets;
    private final Map<TargetKind, Binder> binders;
    private final ExclusiveSteps exclusive;

    EnsureIdentity(IdentityPort identities, TargetPort targets, Map<TargetKind, Binder> binders,
                   ExclusiveSteps exclusive) {
        this.identities = identities;
        this.targets = targets;
        this.binders = Map.copyOf(binders);
        this.exclusive = exclusive;
    }

    @Override
    public ConditionType type() {
        return IDENTITY_READY;
    }

    @Override
    public Link<IdentityReady> ensure(Pass pass, KeyReady key) {
        if (pass.binding().kind().usesUserAssignedIdentity()) {
            ArmId id = pass.binding().identityId().orElseThrow();
            if (vouchedFor(pass, key, id)) {
                Optional<UserAssignedIdentity> identity = identities.get(id);
                if (identity.isPresent()) {
                    pass.seen().attachedIdentity(id);
                    return Link.holds(StepResult.of(Condition.isTrue(IDENTITY_READY, Reason.IDENTITY_ATTACHED,
                            "uses " + id + " (principal " + identity.get().principalId() + "), attached as last seen",
                            pass.now())), new IdentityReady(key, null, identity.get()));
                }
            }
        }
        if (!pass.binding().kind().usesUserAssignedIdentity() && principalsVouchedFor(pass, key)) {
            // the bound step looks at the write in flight, or writes what needs no read of the workspace
            return databricksPrincipals(pass, key, null);
        }
        Optional<TargetState> found = targets.read(pass.binding().target());
        if (found.isEmpty()) {
            return Link.stops(StepResult.of(Condition.isFalse(IDENTITY_READY, Reason.TARGET_NOT_FOUND,
                    "target " + pass.binding().target() + " does not exist", pass.now()), pass.settings().failedRecheck()));
        }
        TargetState target = found.get();
        if (!pass.binding().kind().usesUserAssignedIdentity()) {
            return databricksPrincipals(pass, key, target);
        }
        ArmId id = pass.binding().identityId().orElseThrow();
        Optional<UserAssignedIdentity> identity = identities.get(id);
        if (identity.isEmpty()) {
            return create(pass, target, id);
        }
        String how = "";
        if (!target.userAssignedIdentities().contains(id)) { // ArmId equality ignores case, as ARM does
            if (binders.get(pass.binding().kind()).attachesIdentityWithKey()) {
                how = "; attached with the key";
            } else {
                pass.writes().perform(Write.Kind.ATTACH_IDENTITY, pass.binding().target(), "attach " + id,
                        () -> targets.attachIdentity(pass.binding().target(), id));
                pass.seen().attachedIdentity(id);
            }
        } else {
            pass.seen().attachedIdentity(id);
        }
        return Link.holds(StepResult.of(Condition.isTrue(IDENTITY_READY, Reason.IDENTITY_ATTACHED,
                "uses " + id + " (principal " + identity.get().principalId() + ")" + how, pass.now())),
                new IdentityReady(key, target, identity.get()));
    }

    /** The previous pass saw this identity attached and left the target as it is, and this pass needs no read. */
    private boolean vouchedFor(Pass pass, KeyReady key, ArmId id) {
        return id.equals(pass.previous().attachedIdentity()) && principalsVouchedFor(pass, key);
    }

    /**
     * The previous pass found the principals, and this pass needs no read: it looks at a write in flight (whose end
     * says what the target holds), or makes a rebind that needs none (a workspace read on every look was most of a
     * Databricks rebind's ARM reads).
     */
    private boolean principalsVouchedFor(Pass pass, KeyReady key) {
        BindingStatus previous = pass.previous();
        return previous.condition(IDENTITY_READY).isTrue()
                && (previous.operationOn(pass.binding().target()).isPresent()
                || binders.get(pass.binding().kind()).writesWithoutRead(pass, key));
    }

    /**
     * Creates the identity once across instances: under its lease, after reading it again (the key's shared identity
     * is wanted by every binding of the key at once). Tagged as the app's, with the key it serves or the binding it
     * belongs to.
     */
    private Link<IdentityReady> create(Pass pass, TargetState target, ArmId id) {
        IdentitySpec spec = pass.binding().identity();
        if (spec.existing() != null) {
            return Link.stops(StepResult.of(Condition.isFalse(IDENTITY_READY, Reason.IDENTITY_NOT_FOUND,
                    "identity " + id + " does not exist", pass.now()), pass.settings().failedRecheck()));
        }
        String lease = LeaseNames.identityCreation(id);
        return exclusive.holding(pass, IDENTITY_READY, lease, "creating identity " + id, CREATION_LEASE, held -> {
            if (identities.get(id).isPresent()) {
                return Link.stops(StepResult.of(Condition.waiting(IDENTITY_READY, Reason.IDENTITY_CREATED,
                        id + " was created meanwhile; attaching it next", pass.now()), pass.settings().shortRequeue()));
            }
            String location = spec.create().location() != null ? spec.create().location() : target.location();
            Map<String, String> tags = spec.isSharedPerKey()
                    ? Map.of("managed-by", "cmk-orchestrator", "cmk-key",
                    pass.binding().hsm().resourceName() + "/" + pass.binding().key().name())
                    : Map.of("managed-by", "cmk-orchestrator", "cmk-binding", pass.binding().name());
            if (!held.stillHeld()) {
                return Link.stops(exclusive.lost(pass, IDENTITY_READY, lease, "creating identity " + id));
            }
            pass.writes().perform(Write.Kind.CREATE_IDENTITY, id, "create in " + location,
                    () -> identities.create(id, location, tags));
            return Link.stops(StepResult.of(Condition.waiting(IDENTITY_READY, Reason.IDENTITY_CREATED,
                    "created " + id + (spec.isSharedPerKey() ? " (shared by every binding of key "
                            + pass.binding().key().name() + ")" : "") + "; attaching it next", pass.now()),
                    NEW_PRINCIPAL_PAUSE));
        });
    }

    private static Link<IdentityReady> databricksPrincipals(Pass pass, KeyReady key, TargetState target) {
        if (pass.settings().databricksPrincipal().isEmpty()) {
            return Link.stops(StepResult.of(Condition.isFalse(IDENTITY_READY, Reason.DATABRICKS_PRINCIPAL_NOT_CONFIGURED,
                    "set the AzureDatabricks application's object ID in the app settings: it needs the key role for "
                            + "managed services", pass.now()), pass.settings().failedRecheck()));
        }
        String disk = target == null ? "managed disk identity as last seen"
                : target instanceof TargetState.DatabricksWorkspaceState workspace
                ? workspace.managedDiskPrincipal().map(p -> "managed disk identity " + p)
                .orElse("managed disk identity not known until managed disk encryption is on") : "";
        return Link.holds(StepResult.of(Condition.isTrue(IDENTITY_READY, Reason.WORKSPACE_PRINCIPALS,
                "AzureDatabricks application " + pass.settings().databricksPrincipalId() + "; " + disk, pass.now())),
                new IdentityReady(key, target, null));
    }
}
