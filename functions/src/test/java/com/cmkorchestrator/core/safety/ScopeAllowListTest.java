package com.cmkorchestrator.core.safety;

import com.cmkorchestrator.core.engine.ReconcileOutcome;
import com.cmkorchestrator.core.fakes.FakeAzure;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.IdentitySpec;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.status.ConditionStatus;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScopeAllowListTest {

    private static final String SUB = "/subscriptions/" + FakeAzure.SUBSCRIPTION;
    private final Scenario scenario = new Scenario();
    private final Binding binding = Scenario.storageBinding(KeySpec.rsa("orders-cmk", 2048), VersionPolicy.AUTO);

    private void allowOnly(String... groups) {
        scenario.reconciler = scenario.reconcilerWith(new ScopeAllowList(
                java.util.Arrays.stream(groups).map(g -> ArmId.parse(SUB + "/resourceGroups/" + g)).toList()));
    }

    @Test
    void aTargetOutsideTheAllowListIsRefusedWithZeroAzureCalls() {
        allowOnly("rg-hsm", "rg-app");

        ReconcileOutcome outcome = scenario.pass(binding, null);

        var hsm = outcome.status().condition(ConditionType.HSM_READY);
        assertThat(hsm.status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(hsm.reason()).isEqualTo(Reason.OUT_OF_SCOPE);
        assertThat(hsm.message()).contains("target").contains("ordersdata").contains("outside the scope allow-list");
        assertThat(scenario.azure.log.calls()).isEmpty();
        assertThat(outcome.writes()).isEmpty();
    }

    @Test
    void anHsmOutsideTheAllowListIsRefusedWithZeroAzureCalls() {
        allowOnly("rg-data", "rg-app");

        ReconcileOutcome outcome = scenario.pass(binding, null);

        assertThat(outcome.status().condition(ConditionType.HSM_READY).message()).contains("HSM");
        assertThat(scenario.azure.log.calls()).isEmpty();
    }

    @Test
    void anIdentityToCreateOutsideTheAllowListIsRefusedWithZeroAzureCalls() {
        allowOnly("rg-hsm", "rg-data");

        scenario.pass(binding, null);

        assertThat(scenario.azure.log.calls()).isEmpty();
    }

    /**
     * Using an identity is no mere read: the app attaches it to the target and grants it the key role (issue 10,
     * finding 4), so an existing identity must lie in the allow-list like the identity to create.
     */
    @Test
    void anExistingIdentityOutsideTheAllowListIsRefusedWithZeroAzureCalls() {
        allowOnly("rg-hsm", "rg-data");
        scenario.azure.arm.seedIdentity(Scenario.IDENTITY);
        scenario.azure.log.clear();
        Binding existing = new Binding("orders-storage", Scenario.HSM, KeySpec.rsa("orders-cmk", 2048),
                IdentitySpec.existing(Scenario.IDENTITY), Scenario.STORAGE, null);

        ReconcileOutcome outcome = scenario.pass(existing, null);

        assertThat(outcome.status().condition(ConditionType.HSM_READY).reason()).isEqualTo(Reason.OUT_OF_SCOPE);
        assertThat(outcome.status().condition(ConditionType.HSM_READY).message()).contains("existing identity");
        assertThat(scenario.azure.log.calls()).isEmpty();
    }

    @Test
    void theHttpLayerCanRefuseBeforeStoringTheBinding() {
        allowOnly("rg-hsm");

        assertThatThrownBy(() -> scenario.reconciler.requireInScope(binding))
                .isInstanceOf(OutOfScopeException.class).hasMessageContaining("nothing was changed");
        assertThat(scenario.azure.log.calls()).isEmpty();
    }

    @Test
    void rotatingAKeyOfAnHsmOutsideTheAllowListMakesNoCall() {
        allowOnly("rg-data");

        assertThatThrownBy(() -> scenario.reconciler.rotateNow(Scenario.HSM, "orders-cmk", List.of()))
                .isInstanceOf(OutOfScopeException.class);
        assertThat(scenario.azure.log.calls()).isEmpty();
    }

    @Test
    void anEmptyAllowListAllowsNothing() {
        ScopeAllowList none = ScopeAllowList.parse("");

        assertThat(none.permits(Scenario.STORAGE)).isFalse();
    }

    @Test
    void aSubscriptionAllowsItsGroupsButNotAnotherSubscription() {
        ScopeAllowList list = ScopeAllowList.parse(SUB + " ; " + "/subscriptions/99999999-9999-9999-9999-999999999999/resourceGroups/rg-x");

        assertThat(list.permits(Scenario.STORAGE)).isTrue();
        assertThat(list.permits(ArmId.parse("/subscriptions/99999999-9999-9999-9999-999999999999/resourceGroups/rg-y"))).isFalse();
        assertThat(list.permits(ArmId.parse("/subscriptions/99999999-9999-9999-9999-999999999999/resourceGroups/RG-X/providers/Microsoft.Storage/storageAccounts/a"))).isTrue();
    }

    @Test
    void matchingIgnoresCaseAndATrailingSlashButNeverStopsInsideAName() {
        ScopeAllowList list = ScopeAllowList.parse(SUB.toUpperCase().replace("SUBSCRIPTIONS", "subscriptions")
                + "/RESOURCEGROUPS/RG-HSM/");
        String other = SUB.substring(0, SUB.length() - 1) + "6";

        assertThat(list.permits(Scenario.HSM)).isTrue();
        assertThat(list.permits(ArmId.parse(SUB + "/resourceGroups/rg-hsm2/providers/Microsoft.KeyVault/managedHSMs/h")))
                .isFalse();
        assertThat(list.permits(ArmId.parse(SUB + "/resourceGroups/rg-hs"))).isFalse();
        assertThat(list.permits(ArmId.parse(SUB))).as("the subscription above the group").isFalse();
        assertThat(list.permits(ArmId.parse(other + "/resourceGroups/rg-hsm"))).isFalse();
    }

    @Test
    void allowListEntriesMustBeScopesNotResources() {
        assertThatThrownBy(() -> ScopeAllowList.of(Scenario.STORAGE)).hasMessageContaining("subscriptions or resource groups");
    }
}
