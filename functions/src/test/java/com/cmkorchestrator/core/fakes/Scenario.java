package com.cmkorchestrator.core.fakes;

import com.cmkorchestrator.core.BindingReconciler;
import com.cmkorchestrator.core.engine.Coordination;
import com.cmkorchestrator.core.engine.EngineSettings;
import com.cmkorchestrator.core.engine.ReconcileOutcome;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.IdentitySpec;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.LeasePort;
import com.cmkorchestrator.core.ports.OwnedKey;
import com.cmkorchestrator.core.safety.ScopeAllowList;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.state.memory.InMemoryLeases;
import com.cmkorchestrator.state.memory.InMemoryOwnedKeys;
import com.cmkorchestrator.state.memory.InMemoryPacing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A fake Azure with one active HSM, the resources tests bind to, and a reconciler allowed to act in the test
 * subscription; {@link #converge} runs passes as the queue would, moving the clock by each requeue delay.
 */
public final class Scenario {

    public static final ArmId HSM = FakeAzure.id("rg-hsm", "Microsoft.KeyVault/managedHSMs/contoso-hsm");
    public static final ArmId STORAGE = FakeAzure.id("rg-data", "Microsoft.Storage/storageAccounts/ordersdata");
    public static final ArmId DES = FakeAzure.id("rg-vm", "Microsoft.Compute/diskEncryptionSets/vm-des");
    public static final ArmId WORKSPACE = FakeAzure.id("rg-dbx", "Microsoft.Databricks/workspaces/analytics");
    public static final ArmId IDENTITY = FakeAzure.id("rg-app", "Microsoft.ManagedIdentity/userAssignedIdentities/orders-cmk-id");
    public static final ArmId OTHER_IDENTITY = FakeAzure.id("rg-app", "Microsoft.ManagedIdentity/userAssignedIdentities/other-id");

    public final FakeAzure azure = new FakeAzure();
    /** What the app's instances share: its owned keys, leases and pacing cursors, on the fake clock. */
    public final InMemoryOwnedKeys ownedKeys = new InMemoryOwnedKeys();
    /** This instance's leases; {@code leases.asHolder(...)} gives another instance's over the same store. */
    public final InMemoryLeases leases = new InMemoryLeases("instance-a", azure.clock);
    public final InMemoryPacing pacing = new InMemoryPacing(azure.clock);
    public final URI hsmUri;
    public BindingReconciler reconciler;
    public final List<ReconcileOutcome> history = new ArrayList<>();

    public Scenario() {
        hsmUri = azure.hsms.addActiveHsm(HSM);
        azure.arm.addStorageAccount(STORAGE);
        azure.arm.addDiskEncryptionSet(DES);
        azure.arm.addDatabricksWorkspace(WORKSPACE);
        reconciler = reconcilerWith(ScopeAllowList.of(ArmId.subscription(FakeAzure.SUBSCRIPTION)));
    }

    public BindingReconciler reconcilerWith(ScopeAllowList allowList) {
        return reconcilerWith(allowList, EngineSettings.defaults(FakeAzure.DATABRICKS_APP), leases);
    }

    /** Another instance's reconciler over the same fake Azure, taking leases as {@code holder}. */
    public BindingReconciler instance(String holder) {
        return reconcilerWith(ScopeAllowList.of(ArmId.subscription(FakeAzure.SUBSCRIPTION)),
                EngineSettings.defaults(FakeAzure.DATABRICKS_APP), leases.asHolder(holder));
    }

    public BindingReconciler reconcilerWith(ScopeAllowList allowList, EngineSettings settings, LeasePort leases) {
        return builder()
                .allowList(allowList)
                .settings(settings)
                .clock(azure.clock)
                .leases(leases)
                .build();
    }

    /** A reconciler builder over this fake Azure and this scenario's shared state; waits move the fake clock. */
    public BindingReconciler.Builder builder() {
        return BindingReconciler.builder(azure.ports()).ownedKeys(ownedKeys).leases(leases).pacing(pacing)
                .sleeper(azure.clock::advance).appPrincipal(() -> FakeAzure.APP);
    }

    /** Records that the app owns {@code key} of the scenario's HSM, as if a binding had adopted it earlier. */
    public void own(String key) {
        ownedKeys.record(new OwnedKey(HSM.resourceName(), key, OwnedKey.Origin.ADOPTED, "earlier-binding",
                azure.clock.instant()));
    }

    public static Binding storageBinding(KeySpec key, VersionPolicy policy) {
        return new Binding("orders-storage", HSM, key, IdentitySpec.create("rg-app", "orders-cmk-id"), STORAGE, policy);
    }

    public static Binding desBinding(KeySpec key, VersionPolicy policy) {
        return new Binding("vm-disks", HSM, key, IdentitySpec.create("rg-app", "orders-cmk-id"), DES, policy);
    }

    public static Binding databricksBinding(KeySpec key, VersionPolicy policy) {
        return new Binding("analytics", HSM, key, null, WORKSPACE, policy);
    }

    /** One pass, as a trigger would run it, remembering the outcome. */
    public ReconcileOutcome pass(Binding binding, BindingStatus previous) {
        ReconcileOutcome outcome = reconciler.reconcile(binding, previous);
        history.add(outcome);
        return outcome;
    }

    /** Passes until every condition holds (or {@code maxPasses}), waiting each requeue delay on the fake clock. */
    public ReconcileOutcome converge(Binding binding, BindingStatus previous, int maxPasses) {
        ReconcileOutcome outcome = pass(binding, previous);
        for (int i = 1; i < maxPasses && !outcome.status().isReady(); i++) {
            azure.clock.advance(outcome.requeueAfter());
            outcome = pass(binding, outcome.status());
        }
        return outcome;
    }

    public ReconcileOutcome converge(Binding binding) {
        return converge(binding, null, 30);
    }
}
