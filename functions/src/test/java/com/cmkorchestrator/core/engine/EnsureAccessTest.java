package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.GrantScope;
import com.cmkorchestrator.core.model.IdentitySpec;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.ports.LeaseNames;
import com.cmkorchestrator.core.ports.RoleAssignment;
import com.cmkorchestrator.core.safety.AssignmentOwnership;
import com.cmkorchestrator.core.status.ConditionStatus;
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

    private void seedForeignGrants(String scope, int count) {
        for (int i = 0; i < count; i++) {
            scenario.azure.keyVault.seedAssignment(scenario.hsmUri, new RoleAssignment(
                    "0b5e0000-0000-0000-0000-0000000001" + String.format("%02d", i), scope, ROLE,
                    "9a9a0000-0000-0000-0000-0000000000" + String.format("%02d", i)));
        }
    }

    @Test
    void aKeyScopeHoldingTenAssignmentsIsTheLimitNamedWithTheCountAndTheTwoWaysOutBeforeAnyWrite() {
        existingIdentityAndKey();
        seedForeignGrants("/keys/orders-cmk", 10);

        ReconcileOutcome outcome = scenario.pass(binding, null);

        var access = outcome.status().condition(ConditionType.ACCESS_GRANTED);
        assertThat(access.status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(access.reason()).isEqualTo(Reason.ROLE_ASSIGNMENT_LIMIT_REACHED);
        assertThat(access.message()).contains("10 role assignments per key scope").contains("/keys/orders-cmk has 10")
                .contains("share one identity per key").contains("\"grantScope\": \"allKeys\"");
        assertThat(scenario.azure.log.writes()).doesNotContain("access.create");
    }

    @Test
    void aBindingThatSaysAllKeysIsGrantedAtTheKeysScope() {
        existingIdentityAndKey();
        seedForeignGrants("/keys/orders-cmk", 10);
        Binding broad = new Binding(binding.name(), binding.hsm(), binding.key(),
                binding.identity().withGrantScope(GrantScope.ALL_KEYS), binding.target(), null);

        ReconcileOutcome outcome = scenario.converge(broad);

        assertThat(outcome.status().isReady()).isTrue();
        assertThat(scenario.azure.keyVault.assignments(scenario.hsmUri)).filteredOn(a -> a.principalId().equals(principal))
                .singleElement().satisfies(a -> assertThat(a.scope()).isEqualTo("/keys"));
    }

    @Test
    void theHsmScopeHoldingFiftyAssignmentsIsTheLimitToo() {
        existingIdentityAndKey();
        seedForeignGrants("/keys", 50);
        Binding broad = new Binding(binding.name(), binding.hsm(), binding.key(),
                binding.identity().withGrantScope(GrantScope.ALL_KEYS), binding.target(), null);

        var access = scenario.pass(broad, null).status().condition(ConditionType.ACCESS_GRANTED);

        assertThat(access.reason()).isEqualTo(Reason.ROLE_ASSIGNMENT_LIMIT_REACHED);
        assertThat(access.message()).contains("50 role assignments at HSM scope").contains("has 50")
                .contains("\"grantScope\": \"key\"");
    }

    @Test
    void theHsmsOwnLimitAnswerBecomesTheSameCondition() {
        existingIdentityAndKey();
        scenario.azure.log.failNext("access.create", new AzureCallException("PUT roleAssignments", 400,
                "RoleAssignmentLimitExceeded", "No more role assignments can be created at this scope"));

        var access = scenario.pass(binding, null).status().condition(ConditionType.ACCESS_GRANTED);

        assertThat(access.reason()).isEqualTo(Reason.ROLE_ASSIGNMENT_LIMIT_REACHED);
        assertThat(access.message()).contains("the HSM refused");
    }

    @Test
    void aGrantWhoseLeaseAnotherInstanceHoldsWaitsNamingTheHolderAndWritesNothing() {
        existingIdentityAndKey();
        String lease = LeaseNames.roleAssignment("contoso-hsm", "/keys/orders-cmk", principal);
        scenario.leases.asHolder("instance-2").tryAcquire(lease, Duration.ofSeconds(60)).orElseThrow();

        ReconcileOutcome outcome = scenario.pass(binding, null);

        var access = outcome.status().condition(ConditionType.ACCESS_GRANTED);
        assertThat(access.status()).isEqualTo(ConditionStatus.WAITING);
        assertThat(access.reason()).isEqualTo(Reason.LEASE_HELD);
        assertThat(access.message()).contains("instance-2");
        assertThat(scenario.azure.log.writes()).doesNotContain("access.create");
        assertThat(outcome.requeueAfter()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aGrantAnotherInstanceMadeUnderTheLeaseIsFoundWhenTheLeaseIsTaken() {
        existingIdentityAndKey();
        scenario.pass(binding, null);
        long grants = scenario.azure.log.count("access.create");

        scenario.converge(binding);

        assertThat(scenario.azure.log.count("access.create")).isEqualTo(grants);
    }

    @Test
    void grantsArePacedUnderFivePerSecondPerHsmAcrossInstances() {
        existingIdentityAndKey();
        for (int i = 0; i < 12; i++) {
            scenario.pacing.reserve(LeaseNames.rbacWrites("contoso-hsm"), HsmPacing.RBAC_WRITE_INTERVAL, Duration.ofDays(1));
        }

        ReconcileOutcome outcome = scenario.pass(binding, null);

        var access = outcome.status().condition(ConditionType.ACCESS_GRANTED);
        assertThat(access.reason()).isEqualTo(Reason.PACED);
        assertThat(outcome.requeueAfter()).as("12 slots of 250 ms taken before").isEqualTo(Duration.ofSeconds(3));
        assertThat(scenario.azure.log.writes()).doesNotContain("access.create");
    }

    @Test
    void aNearPacingSlotIsWaitedForWithinThePass() {
        existingIdentityAndKey();
        scenario.pacing.reserve(LeaseNames.rbacWrites("contoso-hsm"), HsmPacing.RBAC_WRITE_INTERVAL, Duration.ofDays(1));
        var before = scenario.azure.clock.instant();

        ReconcileOutcome outcome = scenario.pass(binding, null);

        assertThat(outcome.status().condition(ConditionType.ACCESS_GRANTED).isTrue()).isTrue();
        assertThat(scenario.azure.clock.instant()).isEqualTo(before.plus(HsmPacing.RBAC_WRITE_INTERVAL));
    }
}
