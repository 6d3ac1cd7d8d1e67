package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.BindingReconciler;
import com.cmkorchestrator.core.fakes.FakeAzure;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.safety.ScopeAllowList;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.RotationPolicySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import com.cmkorchestrator.core.ports.KeyOwnershipPort;
import com.cmkorchestrator.core.ports.OwnedKey;
import com.cmkorchestrator.core.status.ConditionStatus;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EnsureKeyTest {

    private final Scenario scenario = new Scenario();
    private final Instant now = scenario.azure.clock.instant();

    private ReconcileOutcome keyPass(KeySpec key) {
        return scenario.pass(Scenario.storageBinding(key, VersionPolicy.AUTO), null);
    }

    @Test
    void aMissingKeyIsCreatedAsAnHsmKeyForWrapping() {
        ReconcileOutcome outcome = keyPass(KeySpec.rsa("orders-cmk", 4096));

        assertThat(outcome.writes()).extracting(Write::kind).containsExactly(Write.Kind.CREATE_KEY);
        assertThat(scenario.azure.keyVault.key(scenario.hsmUri, "orders-cmk").kty).isEqualTo("RSA-HSM");
        assertThat(scenario.azure.keyVault.key(scenario.hsmUri, "orders-cmk").size).isEqualTo(4096);
    }

    @Test
    void theRotationPolicyFollowsTheKeysCreationInTheNextPass() {
        KeySpec key = KeySpec.rsa("orders-cmk", 2048)
                .withRotationPolicy(new RotationPolicySpec(Period.ofDays(60), Period.ofDays(365), Period.ofDays(30)));
        ReconcileOutcome created = keyPass(key);

        ReconcileOutcome next = scenario.pass(Scenario.storageBinding(key, VersionPolicy.AUTO), created.status());

        assertThat(next.writes()).extracting(Write::kind).startsWith(Write.Kind.SET_ROTATION_POLICY);
        assertThat(scenario.azure.keyVault.key(scenario.hsmUri, "orders-cmk").policy)
                .isEqualTo(new KeyRotationPolicy(Period.ofDays(60), null, Period.ofDays(30), Period.ofDays(365)));
    }

    @Test
    void aSoftDeletedKeyIsRecoveredNeverRecreated() {
        scenario.own("orders-cmk");
        scenario.azure.keyVault.seedKey(scenario.hsmUri, "orders-cmk", "RSA-HSM", 2048, now, null).deleted = true;

        ReconcileOutcome outcome = keyPass(KeySpec.rsa("orders-cmk", 2048));

        assertThat(outcome.status().condition(ConditionType.KEY_READY).reason()).isEqualTo(Reason.KEY_RECOVERING);
        assertThat(scenario.azure.log.writes()).containsExactly("key.recover");
        assertThat(scenario.azure.keyVault.key(scenario.hsmUri, "orders-cmk").versions).hasSize(1);
    }

    @Test
    void anExistingKeyOfAnotherSizeIsReportedAndNeverOverwritten() {
        scenario.azure.keyVault.seedKey(scenario.hsmUri, "orders-cmk", "RSA-HSM", 2048, now, null);

        ReconcileOutcome outcome = keyPass(KeySpec.rsa("orders-cmk", 4096));

        assertThat(outcome.status().condition(ConditionType.KEY_READY).status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(outcome.status().condition(ConditionType.KEY_READY).reason()).isEqualTo(Reason.KEY_MISMATCH);
        assertThat(scenario.azure.log.writes()).isEmpty();
    }

    @Test
    void anExistingMatchingKeyIsAdoptedWhenTheBindingSaysSoWithoutANewVersion() {
        scenario.azure.keyVault.seedKey(scenario.hsmUri, "orders-cmk", "RSA-HSM", 3072, now, null);

        ReconcileOutcome outcome = keyPass(KeySpec.rsa("orders-cmk", 3072).adopting());

        assertThat(outcome.status().condition(ConditionType.KEY_READY).reason()).isEqualTo(Reason.KEY_ADOPTED);
        assertThat(scenario.ownedKeys.find("contoso-hsm", "orders-cmk")).hasValueSatisfying(owned -> {
            assertThat(owned.origin()).isEqualTo(OwnedKey.Origin.ADOPTED);
            assertThat(owned.binding()).isEqualTo("orders-storage");
        });
        assertThat(scenario.azure.log.writes()).doesNotContain("key.create", "key.rotate");
    }

    @Test
    void anExpiredKeyIsRotatedAtOnceAndTheBindingMarkedCritical() {
        scenario.own("orders-cmk");
        scenario.azure.keyVault.seedKey(scenario.hsmUri, "orders-cmk", "RSA-HSM", 2048,
                now.minus(Duration.ofDays(400)), now.minus(Duration.ofHours(1)));

        ReconcileOutcome outcome = keyPass(KeySpec.rsa("orders-cmk", 2048));

        assertThat(outcome.status().condition(ConditionType.KEY_READY).reason()).isEqualTo(Reason.KEY_ROTATED);
        assertThat(outcome.status().critical()).isTrue();
        assertThat(scenario.azure.keyVault.key(scenario.hsmUri, "orders-cmk").versions).hasSize(2);
    }

    @Test
    void aKeyNearExpiryWithoutAPolicyThatRotatesInTimeIsRotated() {
        scenario.own("orders-cmk");
        scenario.azure.keyVault.seedKey(scenario.hsmUri, "orders-cmk", "RSA-HSM", 2048,
                now.minus(Duration.ofDays(300)), now.plus(Duration.ofDays(10)));

        ReconcileOutcome outcome = keyPass(KeySpec.rsa("orders-cmk", 2048));

        assertThat(outcome.writes()).extracting(Write::kind).contains(Write.Kind.ROTATE_KEY);
        assertThat(outcome.status().critical()).isFalse();
    }

    @Test
    void aKeyNearExpiryWhosePolicyRotatesInTimeIsOnlyReported() {
        scenario.own("orders-cmk");
        var key = scenario.azure.keyVault.seedKey(scenario.hsmUri, "orders-cmk", "RSA-HSM", 2048,
                now.minus(Duration.ofDays(85)), now.plus(Duration.ofDays(20)));
        key.policy = new KeyRotationPolicy(Period.ofDays(90), null, Period.ofDays(30), Period.ofDays(105));

        ReconcileOutcome outcome = keyPass(KeySpec.rsa("orders-cmk", 2048));

        assertThat(outcome.status().condition(ConditionType.KEY_READY).reason()).isEqualTo(Reason.KEY_PRESENT);
        assertThat(outcome.status().condition(ConditionType.KEY_READY).message()).contains("rotation policy rotates at");
        assertThat(scenario.azure.log.writes()).doesNotContain("key.rotate");
    }

    @Test
    void aKeyAtTheVersionCapThatMustRotateIsReportedNotAttempted() {
        scenario.own("orders-cmk");
        var key = scenario.azure.keyVault.seedKey(scenario.hsmUri, "orders-cmk", "RSA-HSM", 2048,
                now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1)));
        for (int i = 1; i < 100; i++) {
            scenario.azure.keyVault.rotateByPolicy(scenario.hsmUri, "orders-cmk");
        }
        key.versions.replaceAll(v -> new com.cmkorchestrator.core.ports.KeyVersion(v.version(), true, v.createdOn(),
                now.minus(Duration.ofMinutes(1)), null));

        ReconcileOutcome outcome = keyPass(KeySpec.rsa("orders-cmk", 2048));

        assertThat(outcome.status().condition(ConditionType.KEY_READY).reason()).isEqualTo(Reason.VERSION_CAP_REACHED);
        assertThat(outcome.status().keyVersionCount()).isEqualTo(100);
        assertThat(scenario.azure.log.writes()).doesNotContain("key.rotate");
    }

    @Test
    void aDisabledCurrentVersionIsReportedAndNotReenabled() {
        scenario.own("orders-cmk");
        var key = scenario.azure.keyVault.seedKey(scenario.hsmUri, "orders-cmk", "RSA-HSM", 2048, now, null);
        scenario.azure.keyVault.setEnabled(scenario.hsmUri, "orders-cmk", key.versions.get(0).version(), false);

        ReconcileOutcome outcome = keyPass(KeySpec.rsa("orders-cmk", 2048));

        assertThat(outcome.status().condition(ConditionType.KEY_READY).reason()).isEqualTo(Reason.KEY_DISABLED);
        assertThat(scenario.azure.log.writes()).isEmpty();
    }

    @Test
    void anAdoptedKeyKeepsItsRotationPolicyWhenTheBindingSetsNoneAndTheStatusSaysWhatWasAdopted() {
        var key = scenario.azure.keyVault.seedKey(scenario.hsmUri, "orders-cmk", "RSA-HSM", 2048, now, null);
        key.policy = new KeyRotationPolicy(Period.ofDays(60), null, null, Period.ofDays(365));

        ReconcileOutcome outcome = keyPass(KeySpec.rsa("orders-cmk", 2048).adopting());

        assertThat(scenario.azure.log.writes()).doesNotContain("key.setPolicy");
        assertThat(outcome.status().condition(ConditionType.KEY_READY).message())
                .contains("adopted the existing key orders-cmk (1 version(s), current " + key.versions.get(0).version())
                .contains("rotate after P60D, expire after P365D").contains("kept: the binding sets none");
    }

    @Test
    void anAdoptedKeyTakesTheRotationPolicyTheBindingSets() {
        var key = scenario.azure.keyVault.seedKey(scenario.hsmUri, "orders-cmk", "RSA-HSM", 2048, now, null);
        key.policy = new KeyRotationPolicy(Period.ofDays(60), null, null, Period.ofDays(365));

        ReconcileOutcome outcome = keyPass(KeySpec.rsa("orders-cmk", 2048).adopting()
                .withRotationPolicy(new RotationPolicySpec(Period.ofDays(90), Period.ofDays(180), null)));

        assertThat(key.policy).isEqualTo(new KeyRotationPolicy(Period.ofDays(90), null, null, Period.ofDays(180)));
        assertThat(outcome.status().condition(ConditionType.KEY_READY).message()).contains("replaced by the binding's");
    }

    @Test
    void aKeyTheAppCreatesCarriesItsMarkAndIsRecordedBeforeItExists() {
        keyPass(KeySpec.rsa("orders-cmk", 2048));

        assertThat(scenario.azure.keyVault.key(scenario.hsmUri, "orders-cmk").tags)
                .containsEntry("managed-by", "cmk-orchestrator").containsEntry("cmk-binding", "orders-storage");
        assertThat(scenario.ownedKeys.find("contoso-hsm", "orders-cmk"))
                .hasValueSatisfying(owned -> assertThat(owned.origin()).isEqualTo(OwnedKey.Origin.CREATED));
    }

    @Test
    void aKeyWhoseMarkWasRemovedOutsideTheAppIsStillServedAndReported() {
        Binding binding = Scenario.storageBinding(KeySpec.rsa("orders-cmk", 2048), VersionPolicy.AUTO);
        ReconcileOutcome converged = scenario.converge(binding);
        scenario.azure.keyVault.key(scenario.hsmUri, "orders-cmk").tags.clear();

        ReconcileOutcome outcome = scenario.pass(binding, converged.status());

        assertThat(outcome.status().isReady()).isTrue();
        assertThat(outcome.status().condition(ConditionType.KEY_READY).reason()).isEqualTo(Reason.KEY_MARK_REMOVED);
        assertThat(outcome.status().condition(ConditionType.KEY_READY).message()).contains("tag was removed outside");
    }

    @Test
    void aKeyCarryingTheMarkThatTheAppHasNoRecordOfIsNotOwned() {
        scenario.azure.keyVault.seedKey(scenario.hsmUri, "orders-cmk", "RSA-HSM", 2048, now, null)
                .tags.put("managed-by", "cmk-orchestrator");

        ReconcileOutcome outcome = keyPass(KeySpec.rsa("orders-cmk", 2048));

        assertThat(outcome.status().condition(ConditionType.KEY_READY).reason()).isEqualTo(Reason.KEY_NOT_OWNED);
        assertThat(outcome.status().condition(ConditionType.KEY_READY).message()).contains("no record of creating it");
    }

    @Test
    void aSoftDeletedKeyTheAppDoesNotOwnIsNotRecovered() {
        scenario.azure.keyVault.seedKey(scenario.hsmUri, "orders-cmk", "RSA-HSM", 2048, now, null).deleted = true;

        ReconcileOutcome outcome = keyPass(KeySpec.rsa("orders-cmk", 2048));

        assertThat(outcome.status().condition(ConditionType.KEY_READY).reason()).isEqualTo(Reason.KEY_NOT_OWNED);
        assertThat(scenario.azure.log.writes()).isEmpty();
    }

    @Test
    void aKeyCreationWaitsWhileAnotherInstanceHoldsItsLease() {
        scenario.leases.asHolder("instance-2").tryAcquire("key/contoso-hsm/orders-cmk", Duration.ofSeconds(60))
                .orElseThrow();

        ReconcileOutcome outcome = keyPass(KeySpec.rsa("orders-cmk", 2048));

        assertThat(outcome.status().condition(ConditionType.KEY_READY).status()).isEqualTo(ConditionStatus.WAITING);
        assertThat(outcome.status().condition(ConditionType.KEY_READY).reason()).isEqualTo(Reason.LEASE_HELD);
        assertThat(outcome.status().condition(ConditionType.KEY_READY).message()).contains("instance-2");
        assertThat(scenario.azure.log.writes()).isEmpty();
    }

    @Test
    void aKeyThatAppearedWhileTheLeaseWasAwaitedIsNotCreatedAgain() {
        Binding binding = Scenario.storageBinding(KeySpec.rsa("orders-cmk", 2048), VersionPolicy.AUTO);
        scenario.leases.asHolder("instance-2").tryAcquire("key/contoso-hsm/orders-cmk", Duration.ofSeconds(60))
                .orElseThrow();
        ReconcileOutcome waited = scenario.pass(binding, null);
        // meanwhile the other instance created and recorded it, and its lease ran out
        scenario.own("orders-cmk");
        scenario.azure.keyVault.seedKey(scenario.hsmUri, "orders-cmk", "RSA-HSM", 2048, now, null);
        scenario.azure.clock.advance(Duration.ofSeconds(61));

        scenario.pass(binding, waited.status());

        assertThat(scenario.azure.log.count("key.create")).isZero();
    }

    @Test
    void keyCreationsOnOneHsmKeepUnderItsRateAcrossInstancesAndComeBackWhenTheirSlotIsFar() {
        for (int taken = 0; taken < 5; taken++) {
            scenario.pacing.reserve("pace/key-create/contoso-hsm", Duration.ofMillis(1_100), Duration.ofDays(1));
        }

        ReconcileOutcome outcome = keyPass(KeySpec.rsa("orders-cmk", 2048));

        assertThat(outcome.status().condition(ConditionType.KEY_READY).reason()).isEqualTo(Reason.PACED);
        assertThat(outcome.requeueAfter()).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(6));
        assertThat(scenario.azure.log.writes()).isEmpty();
    }

    @Test
    void aKeyCreationWhoseSlotIsNearWaitsForItAndCreates() {
        scenario.pacing.reserve("pace/key-create/contoso-hsm", Duration.ofMillis(1_100), Duration.ofDays(1));
        Instant before = scenario.azure.clock.instant();

        ReconcileOutcome outcome = keyPass(KeySpec.rsa("orders-cmk", 2048));

        assertThat(outcome.writes()).extracting(Write::kind).containsExactly(Write.Kind.CREATE_KEY);
        assertThat(Duration.between(before, scenario.azure.clock.instant())).isEqualTo(Duration.ofMillis(1_100));
    }

    @Test
    void aBindingNamesTheKeyOnlyOnceAcrossBindingsSharingIt() {
        Binding first = Scenario.storageBinding(KeySpec.rsa("shared", 2048), VersionPolicy.AUTO);
        Binding second = Scenario.desBinding(KeySpec.rsa("shared", 2048), VersionPolicy.AUTO);

        scenario.converge(first);
        scenario.converge(second);

        assertThat(scenario.azure.log.count("key.create")).isEqualTo(1);
        assertThat(scenario.azure.keyVault.key(scenario.hsmUri, "shared").versions).hasSize(1);
    }

    @Test
    void anExistingKeyNoBindingAdoptsIsReportedAndNeitherItsPolicyNorItsGrantsChange() {
        var key = scenario.azure.keyVault.seedKey(scenario.hsmUri, "orders-cmk", "RSA-HSM", 2048, now, null);
        KeyRotationPolicy theirs = new KeyRotationPolicy(Period.ofDays(60), null, null, Period.ofDays(365));
        key.policy = theirs;
        KeySpec ours = KeySpec.rsa("orders-cmk", 2048)
                .withRotationPolicy(new RotationPolicySpec(Period.ofDays(90), Period.ofDays(180), null));

        ReconcileOutcome outcome = scenario.converge(Scenario.storageBinding(ours, VersionPolicy.AUTO));

        assertThat(outcome.status().condition(ConditionType.KEY_READY).status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(outcome.status().condition(ConditionType.KEY_READY).reason().json()).isEqualTo("KeyNotOwned");
        assertThat(key.policy).isEqualTo(theirs);
        assertThat(scenario.azure.log.writes()).isEmpty();
    }

    @Test
    void aKeyCreationWhoseLeaseWasTakenOverWhileItWaitedForItsSlotDoesNotCreate() {
        // the defect the three-host test found: a pass slowed past its lease (here, waiting for its paced slot)
        // still created the key after another instance had taken the lease over, read "absent" and created it too
        scenario.pacing.reserve("pace/key-create/contoso-hsm", Duration.ofMillis(1_100), Duration.ofDays(1));
        Sleeper stalled = wait -> {
            scenario.azure.clock.advance(Duration.ofMinutes(2));
            assertThat(scenario.leases.asHolder("instance-b").tryAcquire("key/contoso-hsm/orders-cmk",
                    Duration.ofMinutes(1))).isPresent();
        };
        BindingReconciler reconciler = scenario.builder().sleeper(stalled).clock(scenario.azure.clock)
                .allowList(ScopeAllowList.of(ArmId.subscription(FakeAzure.SUBSCRIPTION))).build();

        ReconcileOutcome outcome = reconciler.reconcile(Scenario.storageBinding(KeySpec.rsa("orders-cmk", 2048),
                VersionPolicy.AUTO), null);

        assertThat(scenario.azure.log.count("key.create")).isZero();
        assertThat(outcome.status().condition(ConditionType.KEY_READY).reason()).isEqualTo(Reason.LEASE_HELD);
        assertThat(outcome.status().condition(ConditionType.KEY_READY).message())
                .contains("on instance instance-b").contains("lease expired before it wrote");
    }

    @Test
    void aKeyAnotherInstanceCreatesWhileThisPassLooksIsNeverTakenForSomeoneElses() {
        // the defect the three-host test found: a pass read the ownership record, another instance recorded and
        // created the key, the pass then saw the key without a record and reported KeyNotOwned for an hour
        KeySpec spec = KeySpec.rsa("orders-cmk", 2048);
        KeyOwnershipPort racing = new KeyOwnershipPort() {
            private boolean raced;

            @Override
            public Optional<OwnedKey> find(String hsm, String key) {
                Optional<OwnedKey> found = scenario.ownedKeys.find(hsm, key);
                if (!raced) {
                    raced = true;
                    scenario.ownedKeys.record(new OwnedKey(hsm, key, OwnedKey.Origin.CREATED, "other-binding", now));
                    scenario.azure.keyVault.seedKey(scenario.hsmUri, key, "RSA-HSM", 2048, now, null);
                }
                return found;
            }

            @Override
            public OwnedKey record(OwnedKey owned) {
                return scenario.ownedKeys.record(owned);
            }
        };
        BindingReconciler reconciler = scenario.builder().ownedKeys(racing).clock(scenario.azure.clock)
                .allowList(ScopeAllowList.of(ArmId.subscription(FakeAzure.SUBSCRIPTION))).build();

        ReconcileOutcome outcome = reconciler.reconcile(Scenario.storageBinding(spec, VersionPolicy.AUTO), null);

        assertThat(outcome.status().condition(ConditionType.KEY_READY).reason()).isNotEqualTo(Reason.KEY_NOT_OWNED);
        assertThat(scenario.azure.keyVault.key(scenario.hsmUri, "orders-cmk").versions).hasSize(1);
    }
}
