package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.RotationPolicySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.TargetState.StorageAccountState;
import com.cmkorchestrator.core.safety.AssignmentOwnership;
import com.cmkorchestrator.core.status.ConditionStatus;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Period;

import static org.assertj.core.api.Assertions.assertThat;

class StorageBindingTest {

    private final Scenario scenario = new Scenario();
    private final KeySpec key = KeySpec.rsa("orders-cmk", 3072)
            .withRotationPolicy(new RotationPolicySpec(Period.ofDays(90), Period.ofDays(180), Period.ofDays(30)));
    private final Binding binding = Scenario.storageBinding(key, VersionPolicy.AUTO);

    @Test
    void convergesFromNothingToAVerifiedVersionlessBinding() {
        ReconcileOutcome outcome = scenario.converge(binding);

        assertThat(outcome.status().isReady()).as(outcome.status().toString()).isTrue();
        StorageAccountState storage = (StorageAccountState) scenario.azure.arm.target(Scenario.STORAGE);
        assertThat(storage.key()).isEqualTo(KeyRef.of(scenario.hsmUri, "orders-cmk"));
        assertThat(storage.encryptionIdentity()).isEqualTo(Scenario.IDENTITY);
        assertThat(storage.userAssignedIdentities()).containsExactly(Scenario.IDENTITY);
        var fakeKey = scenario.azure.keyVault.key(scenario.hsmUri, "orders-cmk");
        assertThat(fakeKey.size).isEqualTo(3072);
        assertThat(fakeKey.policy.rotateAfterCreate()).isEqualTo(Period.ofDays(90));
        assertThat(fakeKey.versions.get(0).expiresOn()).isEqualTo(fakeKey.versions.get(0).createdOn().plus(Duration.ofDays(180)));
    }

    @Test
    void grantsTheCryptoServiceEncryptionUserRoleAtTheKeyScopeUnderADeterministicName() {
        scenario.converge(binding);

        String principal = scenario.azure.arm.identity(Scenario.IDENTITY).orElseThrow().principalId();
        assertThat(scenario.azure.keyVault.assignments(scenario.hsmUri)).singleElement().satisfies(a -> {
            assertThat(a.scope()).isEqualTo("/keys/orders-cmk");
            assertThat(a.roleDefinitionId()).isEqualTo("33413926-3206-4cdd-b39a-83574fe37a17");
            assertThat(a.principalId()).isEqualTo(principal);
            assertThat(a.name()).isEqualTo(AssignmentOwnership.assignmentName("/keys/orders-cmk",
                    "33413926-3206-4cdd-b39a-83574fe37a17", principal));
        });
    }

    @Test
    void aConvergedBindingPassesAgainWithZeroWrites() {
        ReconcileOutcome converged = scenario.converge(binding);
        scenario.azure.log.clear();

        ReconcileOutcome again = scenario.pass(binding, converged.status());

        assertThat(again.writes()).isEmpty();
        assertThat(scenario.azure.log.writes()).isEmpty();
        assertThat(again.status().isReady()).isTrue();
        assertThat(again.requeueAfter()).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void eachLinkIsWrittenOnceOverTheWholeConvergence() {
        scenario.converge(binding);

        assertThat(scenario.azure.log.writes()).containsOnlyOnce(
                "identity.create", "target.attachIdentity", "key.create", "key.setPolicy", "access.create");
        assertThat(scenario.azure.log.writes()).doesNotContain("key.rotate", "key.disable");
    }

    @Test
    void aBindRefusedBeforeTheGrantPropagatesWaitsWithGrowingBackoff() {
        scenario.azure.grantPropagation = Duration.ofMinutes(20);

        ReconcileOutcome outcome = scenario.converge(binding);

        var waits = scenario.history.stream()
                .filter(o -> o.status().condition(ConditionType.BOUND).reason() == Reason.AWAITING_PROPAGATION)
                .map(ReconcileOutcome::requeueAfter).toList();
        assertThat(waits).hasSizeGreaterThan(2);
        assertThat(waits.get(0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(waits).isSorted().allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(Duration.ofMinutes(5)));
        assertThat(waits.get(waits.size() - 1)).isGreaterThan(waits.get(0));
        assertThat(outcome.status().isReady()).isTrue();
    }

    @Test
    void laterConditionsWaitForTheFirstThatDoesNotHold() {
        ReconcileOutcome first = scenario.pass(binding, null);

        assertThat(first.status().condition(ConditionType.HSM_READY).isTrue()).isTrue();
        assertThat(first.status().condition(ConditionType.KEY_READY).reason()).isEqualTo(Reason.KEY_CREATED);
        assertThat(first.status().condition(ConditionType.VERIFIED).status()).isEqualTo(ConditionStatus.WAITING);
        assertThat(first.status().condition(ConditionType.VERIFIED).reason()).isEqualTo(Reason.WAITING_FOR_PREVIOUS);
    }

    @Test
    void anAutoReferenceOnAnOldVersionWaitsForStoragesDailyPickupThenVerifies() {
        ReconcileOutcome converged = scenario.converge(binding);
        scenario.azure.clock.advance(Duration.ofDays(1));
        var newVersion = scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "orders-cmk");

        ReconcileOutcome during = scenario.pass(binding, converged.status());
        assertThat(during.status().condition(ConditionType.VERIFIED).reason()).isEqualTo(Reason.AWAITING_PICKUP);
        assertThat(during.status().isReady()).as("a pickup inside its window is healthy, not a degradation").isTrue();
        assertThat(during.writes()).isEmpty();
        assertThat(during.requeueAfter()).as("looked at again by the window's end at the latest")
                .isLessThanOrEqualTo(Duration.ofHours(24));

        scenario.azure.arm.pickUpNewVersions();
        ReconcileOutcome after = scenario.pass(binding, during.status());
        assertThat(after.status().isReady()).isTrue();
        assertThat(after.status().condition(ConditionType.VERIFIED).keyVersion()).isEqualTo(newVersion.version());
        assertThat(after.status().versions()).anySatisfy(use -> assertThat(use.leftUseAt()).isNotNull());
    }

    @Test
    void anAutoReferenceStillOnTheOldVersionAfterTheWindowIsReported() {
        ReconcileOutcome converged = scenario.converge(binding);
        scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "orders-cmk");
        scenario.azure.clock.advance(Duration.ofHours(25));

        ReconcileOutcome late = scenario.pass(binding, converged.status());

        assertThat(late.status().condition(ConditionType.VERIFIED).reason()).isEqualTo(Reason.PICKUP_OVERDUE);
        assertThat(late.status().condition(ConditionType.VERIFIED).status()).isEqualTo(ConditionStatus.FALSE);
    }

    @Test
    void aPinnedAccountIsReboundToEachNewVersion() {
        Binding pinned = Scenario.storageBinding(key, VersionPolicy.PINNED);
        ReconcileOutcome converged = scenario.converge(pinned);
        var newVersion = scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "orders-cmk");

        ReconcileOutcome rebound = scenario.pass(pinned, converged.status());

        assertThat(rebound.writes()).extracting(Write::kind).containsExactly(Write.Kind.BIND);
        StorageAccountState storage = (StorageAccountState) scenario.azure.arm.target(Scenario.STORAGE);
        assertThat(storage.key().version()).isEqualTo(newVersion.version());
        assertThat(rebound.status().isReady()).isTrue();
    }

    @Test
    void aMissingTargetIsReportedWithoutCreatingAnything() {
        Binding elsewhere = new Binding("gone", Scenario.HSM, key, binding.identity(),
                com.cmkorchestrator.core.fakes.FakeAzure.id("rg-data", "Microsoft.Storage/storageAccounts/gone"), null);

        ReconcileOutcome outcome = scenario.converge(elsewhere);

        assertThat(outcome.status().condition(ConditionType.IDENTITY_READY).reason()).isEqualTo(Reason.TARGET_NOT_FOUND);
        assertThat(scenario.azure.log.writes()).doesNotContain("identity.create", "target.bind");
    }

    @Test
    void aDisabledVersionStillInUseMarksTheBindingCritical() {
        ReconcileOutcome converged = scenario.converge(binding);
        StorageAccountState storage = (StorageAccountState) scenario.azure.arm.target(Scenario.STORAGE);
        String inUse = storage.currentVersionedKeyIdentifier().version();
        scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "orders-cmk");
        scenario.azure.keyVault.setEnabled(scenario.hsmUri, "orders-cmk", inUse, false);

        ReconcileOutcome outcome = scenario.pass(binding, converged.status());

        assertThat(outcome.status().condition(ConditionType.VERIFIED).reason()).isEqualTo(Reason.VERSION_DISABLED);
        assertThat(outcome.status().critical()).isTrue();
    }
}
