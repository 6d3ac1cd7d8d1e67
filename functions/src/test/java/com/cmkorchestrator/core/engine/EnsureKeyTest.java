package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.RotationPolicySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import com.cmkorchestrator.core.status.ConditionStatus;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;

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
    void anExistingMatchingKeyIsAdoptedWithoutANewVersion() {
        scenario.azure.keyVault.seedKey(scenario.hsmUri, "orders-cmk", "RSA-HSM", 3072, now, null);

        ReconcileOutcome outcome = keyPass(KeySpec.rsa("orders-cmk", 3072));

        assertThat(outcome.status().condition(ConditionType.KEY_READY).reason()).isEqualTo(Reason.KEY_PRESENT);
        assertThat(scenario.azure.log.writes()).doesNotContain("key.create", "key.rotate");
    }

    @Test
    void anExpiredKeyIsRotatedAtOnceAndTheBindingMarkedCritical() {
        scenario.azure.keyVault.seedKey(scenario.hsmUri, "orders-cmk", "RSA-HSM", 2048,
                now.minus(Duration.ofDays(400)), now.minus(Duration.ofHours(1)));

        ReconcileOutcome outcome = keyPass(KeySpec.rsa("orders-cmk", 2048));

        assertThat(outcome.status().condition(ConditionType.KEY_READY).reason()).isEqualTo(Reason.KEY_ROTATED);
        assertThat(outcome.status().critical()).isTrue();
        assertThat(scenario.azure.keyVault.key(scenario.hsmUri, "orders-cmk").versions).hasSize(2);
    }

    @Test
    void aKeyNearExpiryWithoutAPolicyThatRotatesInTimeIsRotated() {
        scenario.azure.keyVault.seedKey(scenario.hsmUri, "orders-cmk", "RSA-HSM", 2048,
                now.minus(Duration.ofDays(300)), now.plus(Duration.ofDays(10)));

        ReconcileOutcome outcome = keyPass(KeySpec.rsa("orders-cmk", 2048));

        assertThat(outcome.writes()).extracting(Write::kind).contains(Write.Kind.ROTATE_KEY);
        assertThat(outcome.status().critical()).isFalse();
    }

    @Test
    void aKeyNearExpiryWhosePolicyRotatesInTimeIsOnlyReported() {
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
        var key = scenario.azure.keyVault.seedKey(scenario.hsmUri, "orders-cmk", "RSA-HSM", 2048, now, null);
        scenario.azure.keyVault.setEnabled(scenario.hsmUri, "orders-cmk", key.versions.get(0).version(), false);

        ReconcileOutcome outcome = keyPass(KeySpec.rsa("orders-cmk", 2048));

        assertThat(outcome.status().condition(ConditionType.KEY_READY).reason()).isEqualTo(Reason.KEY_DISABLED);
        assertThat(scenario.azure.log.writes()).isEmpty();
    }

    @Test
    void aPolicySetBySomeoneElseIsLeftWhenTheBindingAsksForNone() {
        var key = scenario.azure.keyVault.seedKey(scenario.hsmUri, "orders-cmk", "RSA-HSM", 2048, now, null);
        key.policy = new KeyRotationPolicy(Period.ofDays(30), null, null, null);

        keyPass(KeySpec.rsa("orders-cmk", 2048));

        assertThat(scenario.azure.log.writes()).doesNotContain("key.setPolicy");
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
}
