package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.IdentitySpec;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.ports.RoleAssignment;
import com.cmkorchestrator.core.safety.AssignmentOwnership;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class EnsureAccessTest {

    private static final String ROLE = "33413926-3206-4cdd-b39a-83574fe37a17";

    private final Scenario scenario = new Scenario();
    private final Binding binding = new Binding("orders-storage", Scenario.HSM, KeySpec.rsa("orders-cmk", 2048),
            IdentitySpec.existing(Scenario.IDENTITY), Scenario.STORAGE, null);
    private String principal;

    private void existingIdentityAndKey() {
        principal = scenario.azure.arm.seedIdentity(Scenario.IDENTITY).principalId();
        scenario.azure.clock.advance(Duration.ofMinutes(1));
        scenario.azure.keyVault.seedKey(scenario.hsmUri, "orders-cmk", "RSA-HSM", 2048, scenario.azure.clock.instant(), null);
        scenario.own("orders-cmk");
    }

    @Test
    void aGrantSomeoneElseMadeIsUsedAsItIsAndNotDuplicated() {
        existingIdentityAndKey();
        RoleAssignment foreign = new RoleAssignment("0b5e0000-0000-0000-0000-000000000001", "/keys/orders-cmk", ROLE, principal);
        scenario.azure.keyVault.seedAssignment(scenario.hsmUri, foreign);

        ReconcileOutcome outcome = scenario.converge(binding);

        assertThat(outcome.status().isReady()).isTrue();
        assertThat(scenario.azure.log.writes()).doesNotContain("access.create");
        assertThat(scenario.azure.keyVault.assignments(scenario.hsmUri)).containsExactly(foreign);
        assertThat(outcome.status().condition(ConditionType.ACCESS_GRANTED).message()).contains("granted by someone else");
    }

    @Test
    void aGrantAtTheWholeKeysScopeCoversTheKey() {
        existingIdentityAndKey();
        scenario.azure.keyVault.seedAssignment(scenario.hsmUri,
                new RoleAssignment("0b5e0000-0000-0000-0000-000000000002", "/keys", ROLE, principal));

        ReconcileOutcome outcome = scenario.converge(binding);

        assertThat(outcome.status().isReady()).isTrue();
        assertThat(scenario.azure.log.writes()).doesNotContain("access.create");
    }

    @Test
    void aGrantOfAnotherRoleDoesNotCountAndIsLeftAlone() {
        existingIdentityAndKey();
        RoleAssignment cryptoUser = new RoleAssignment("0b5e0000-0000-0000-0000-000000000003", "/keys/orders-cmk",
                "21dbd100-6940-42c2-9190-5d6cb909625b", principal);
        scenario.azure.keyVault.seedAssignment(scenario.hsmUri, cryptoUser);

        scenario.converge(binding);

        assertThat(scenario.azure.keyVault.assignments(scenario.hsmUri)).hasSize(2).contains(cryptoUser);
        assertThat(scenario.azure.keyVault.assignments(scenario.hsmUri))
                .filteredOn(AssignmentOwnership::isOwned).singleElement()
                .satisfies(a -> assertThat(a.roleDefinitionId()).isEqualTo(ROLE));
    }

    @Test
    void anAppThatMayNotReadTheWholeHsmGrantsAtTheKeyInstead() {
        existingIdentityAndKey();
        scenario.azure.keyVault.forbidListingAt("/");

        ReconcileOutcome outcome = scenario.converge(binding);

        assertThat(outcome.status().isReady()).isTrue();
        assertThat(scenario.azure.keyVault.assignments(scenario.hsmUri)).singleElement()
                .satisfies(a -> assertThat(a.scope()).isEqualTo("/keys/orders-cmk"));
    }

    @Test
    void aRefusalToListAtTheKeyItselfIsNotSwallowed() {
        existingIdentityAndKey();
        scenario.azure.keyVault.forbidListingAt("/keys/orders-cmk");

        ReconcileOutcome outcome = scenario.pass(binding, null);

        assertThat(outcome.status().condition(ConditionType.ACCESS_GRANTED).reason()).isEqualTo(Reason.AWAITING_PROPAGATION);
        assertThat(scenario.azure.log.writes()).doesNotContain("access.create");
    }

    @Test
    void aPrincipalNotYetInTheDirectoryIsRetriedAsPropagation() {
        existingIdentityAndKey();
        scenario.azure.log.failNext("access.create", new AzureCallException("PUT roleAssignments", 400,
                "PrincipalNotFound", "Principal does not exist in the directory"));

        ReconcileOutcome first = scenario.pass(binding, null);

        assertThat(first.status().condition(ConditionType.ACCESS_GRANTED).reason()).isEqualTo(Reason.AWAITING_PROPAGATION);
        assertThat(first.requeueAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(scenario.converge(binding, first.status(), 10).status().isReady()).isTrue();
    }

    @Test
    void aRetriedGrantReusesTheSameNameSoItIsANoOp() {
        String name = AssignmentOwnership.assignmentName("/keys/orders-cmk", ROLE, "p-1");

        assertThat(AssignmentOwnership.assignmentName("/keys/orders-cmk", ROLE, "p-1")).isEqualTo(name);
        assertThat(AssignmentOwnership.assignmentName("/KEYS/orders-cmk", ROLE.toUpperCase(), "P-1")).isEqualTo(name);
        assertThat(AssignmentOwnership.assignmentName("/keys/other", ROLE, "p-1")).isNotEqualTo(name);
        assertThat(AssignmentOwnership.assignmentName("/keys/orders-cmk", ROLE, "p-2")).isNotEqualTo(name);
    }
}
