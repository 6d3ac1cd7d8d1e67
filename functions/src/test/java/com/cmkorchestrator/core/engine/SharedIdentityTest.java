package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.fakes.FakeAzure;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.IdentitySpec;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.LeaseNames;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The key's shared identity: one identity and one grant however many resources use the key (issue 12, finding 2). */
class SharedIdentityTest {

    private static final ArmId SHARED = FakeAzure.id("rg-app",
            "Microsoft.ManagedIdentity/userAssignedIdentities/cmk-contoso-hsm-orders-cmk");

    private final Scenario scenario = new Scenario();
    private final Binding storage = new Binding("orders-storage", Scenario.HSM, KeySpec.rsa("orders-cmk", 2048),
            IdentitySpec.sharedPerKey("rg-app"), Scenario.STORAGE, VersionPolicy.AUTO);
    private final Binding des = new Binding("vm-disks", Scenario.HSM, KeySpec.rsa("orders-cmk", 2048),
            IdentitySpec.sharedPerKey("rg-app"), Scenario.DES, VersionPolicy.AUTO);

    @Test
    void bindingsOfOneKeyShareOneIdentityAttachedToEachResourceAndOneGrantAtTheKey() {
        assertThat(scenario.converge(storage).status().isReady()).isTrue();
        assertThat(scenario.converge(des).status().isReady()).isTrue();

        assertThat(scenario.azure.log.count("identity.create")).isOne();
        assertThat(scenario.azure.arm.identity(SHARED)).isPresent();
        assertThat(scenario.azure.arm.target(Scenario.STORAGE).userAssignedIdentities()).containsExactly(SHARED);
        assertThat(scenario.azure.arm.target(Scenario.DES).userAssignedIdentities()).containsExactly(SHARED);
        assertThat(scenario.azure.keyVault.assignments(scenario.hsmUri)).singleElement()
                .satisfies(grant -> assertThat(grant.scope()).isEqualTo("/keys/orders-cmk"));
    }

    @Test
    void theSharedIdentityIsCreatedUnderItsLeaseAndWaitsWhileAnotherInstanceHoldsIt() {
        scenario.leases.asHolder("instance-2").tryAcquire(LeaseNames.identityCreation(SHARED), Duration.ofSeconds(60))
                .orElseThrow();

        ReconcileOutcome outcome = scenario.pass(storage, null);
        while (!outcome.status().condition(ConditionType.KEY_READY).isTrue()) {
            scenario.azure.clock.advance(outcome.requeueAfter());
            outcome = scenario.pass(storage, outcome.status());
        }

        assertThat(outcome.status().condition(ConditionType.IDENTITY_READY).reason()).isEqualTo(Reason.LEASE_HELD);
        assertThat(scenario.azure.log.writes()).doesNotContain("identity.create");
    }
}
