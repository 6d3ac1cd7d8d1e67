package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.engine.EngineSettings;
import com.cmkorchestrator.core.fakes.FakeAzure;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.TargetState.DatabricksWorkspaceState;
import com.cmkorchestrator.core.safety.ScopeAllowList;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatabricksBindingTest {

    private final Scenario scenario = new Scenario();
    private final Binding binding = Scenario.databricksBinding(KeySpec.rsa("dbx", 3072), VersionPolicy.AUTO);

    private DatabricksWorkspaceState workspace() {
        return (DatabricksWorkspaceState) scenario.azure.arm.target(Scenario.WORKSPACE);
    }

    @Test
    void bindsVersionedKeysForBothEntitiesWithDiskAutoRotation() {
        ReconcileOutcome outcome = scenario.converge(binding);

        String latest = scenario.azure.keyVault.key(scenario.hsmUri, "dbx").versions.get(0).version();
        assertThat(outcome.status().isReady()).isTrue();
        assertThat(workspace().managedServicesKey().version()).isEqualTo(latest);
        assertThat(workspace().managedDiskKey().version()).isEqualTo(latest);
        assertThat(workspace().managedDiskAutoRotation()).isTrue();
    }

    @Test
    void grantsTheManagedDiskIdentityInASecondPassOnceTheWorkspaceHasOne() {
        ReconcileOutcome outcome = scenario.converge(binding);

        String disk = workspace().managedDiskIdentityPrincipalId();
        assertThat(scenario.azure.keyVault.assignments(scenario.hsmUri))
                .extracting(a -> a.principalId()).containsExactlyInAnyOrder(FakeAzure.DATABRICKS_APP, disk);
        assertThat(scenario.history).anySatisfy(o -> assertThat(o.status().condition(ConditionType.VERIFIED).reason())
                .isEqualTo(Reason.AWAITING_MANAGED_DISK_IDENTITY));
        assertThat(outcome.status().isReady()).isTrue();
    }

    @Test
    void managedServicesIsReboundToANewVersionEvenUnderAuto() {
        ReconcileOutcome converged = scenario.converge(binding);
        String before = workspace().managedDiskKey().version();
        var next = scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "dbx");

        ReconcileOutcome rebound = scenario.pass(binding, converged.status());

        assertThat(rebound.writes()).extracting(Write::kind).containsExactly(Write.Kind.BIND);
        assertThat(workspace().managedServicesKey().version()).isEqualTo(next.version());
        assertThat(workspace().managedDiskKey().version()).as("the disk follows by itself").isEqualTo(before);
    }

    @Test
    void withoutTheAzureDatabricksApplicationConfiguredTheBindingSaysSo() {
        scenario.reconciler = scenario.reconcilerWith(ScopeAllowList.of(ArmId.subscription(FakeAzure.SUBSCRIPTION)),
                EngineSettings.defaults(null), scenario.leases);

        ReconcileOutcome outcome = scenario.converge(binding);

        assertThat(outcome.status().condition(ConditionType.IDENTITY_READY).reason())
                .isEqualTo(Reason.DATABRICKS_PRINCIPAL_NOT_CONFIGURED);
        assertThat(scenario.azure.log.writes()).doesNotContain("target.bind", "access.create");
    }
}
