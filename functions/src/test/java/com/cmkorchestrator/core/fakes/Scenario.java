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
import com.cmkorchestrator.core.rotation.TokenBucket;
import com.cmkorchestrator.core.safety.ScopeAllowList;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.state.memory.InMemoryLeases;
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

    public final FakeAzure azure = new FakeAzure();
    /** This process's leases and HSM pacing; {@code leases.asHolder(...)} plays another instance. */
    public final InMemoryLeases leases = new InMemoryLeases("test", azure.clock);
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
        return BindingReconciler.builder(azure.ports())
                .allowList(allowList)
                .settings(EngineSettings.defaults(FakeAzure.DATABRICKS_APP))
                .clock(azure.clock)
                .armWriteBudget(TokenBucket.unlimited())
                .coordination(coordination())
                .build();
    }

    /** Leases and pacing of one process, in memory, on the fake clock, which a pacing wait moves instead of sleeping. */
    public Coordination coordination() {
        return new Coordination(leases, pacing, azure.clock::advance);
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
