package com.cmkorchestrator.core.engine;

import com.cmkorchestrator.core.fakes.FakeAzure;
import com.cmkorchestrator.core.fakes.Scenario;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.HsmRequest;
import com.cmkorchestrator.core.model.KeySpec;
import com.cmkorchestrator.core.model.VersionPolicy;
import com.cmkorchestrator.core.ports.ActivationStatus;
import com.cmkorchestrator.core.ports.HsmProvisioningState;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.ConditionStatus;
import com.cmkorchestrator.core.status.ConditionType;
import com.cmkorchestrator.core.status.Reason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every wait has a horizon: issue 12, finding 3. */
class WaitHorizonsTest {

    private static final ArmId NEW_HSM = FakeAzure.id("rg-hsm", "Microsoft.KeyVault/managedHSMs/fresh-hsm");
    private final Scenario scenario = new Scenario();

    private HsmOutcome provisionFor(HsmRequest request, Duration span) {
        HsmOutcome outcome = scenario.reconciler.provisionHsm(request, null);
        Instant end = scenario.azure.clock.instant().plus(span);
        while (scenario.azure.clock.instant().isBefore(end)) {
            scenario.azure.clock.advance(outcome.requeue().orElseThrow());
            outcome = scenario.reconciler.provisionHsm(request, outcome.condition());
        }
        return outcome;
    }

    private static HsmRequest manualActivation() {
        return new HsmRequest(NEW_HSM, "westeurope", null, "11111111-aaaa-bbbb-cccc-222222222222",
                List.of("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"), null, true, null);
    }

    @Test
    void everyReasonButWaitingForPreviousHasAHorizon() {
        assertThat(Arrays.stream(Reason.values()).filter(reason -> WaitHorizons.expected(reason).isEmpty()))
                .containsExactly(Reason.WAITING_FOR_PREVIOUS);
        assertThat(WaitHorizons.expected(Reason.NOT_ACTIVATED)).hasValue(Duration.ofDays(7));
        assertThat(WaitHorizons.expected(Reason.AWAITING_PROPAGATION)).hasValue(Duration.ofMinutes(30));
    }

    @Test
    void anHsmRequestWaitingForActivationPastItsHorizonIsFalseSayingHowLongItWaitedAndWhatToDo() {
        scenario.azure.hsms.put(NEW_HSM, HsmProvisioningState.SUCCEEDED, ActivationStatus.NOT_ACTIVATED, true);
        Instant start = scenario.azure.clock.instant();

        Condition within = provisionFor(manualActivation(), Duration.ofDays(6)).condition();
        Condition past = provisionFor(manualActivation(), Duration.ofDays(8)).condition();

        assertThat(within.status()).isEqualTo(ConditionStatus.WAITING);
        assertThat(past.status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(past.reason()).isEqualTo(Reason.NOT_ACTIVATED);
        assertThat(past.message()).startsWith("waited 8 d").contains("longer than the 7 d this takes")
                .contains("an initial administrator must activate the HSM").contains("az keyvault security-domain download");
        assertThat(past.lastTransitionTime()).as("dated from when the wait began").isAfter(start.plus(Duration.ofDays(6)));
    }

    @Test
    void aWaitPastItsHorizonStaysFalseAndDatedFromItsStartHoweverOftenTheStepLooks() {
        scenario.azure.hsms.put(NEW_HSM, HsmProvisioningState.SUCCEEDED, ActivationStatus.NOT_ACTIVATED, true);
        HsmOutcome first = scenario.reconciler.provisionHsm(manualActivation(), null);
        Instant began = first.condition().lastTransitionTime();
        scenario.azure.clock.advance(Duration.ofDays(8));
        HsmOutcome overdue = scenario.reconciler.provisionHsm(manualActivation(), first.condition());
        scenario.azure.clock.advance(Duration.ofMinutes(15));

        HsmOutcome again = scenario.reconciler.provisionHsm(manualActivation(), overdue.condition());

        assertThat(again.condition().status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(again.condition().lastTransitionTime()).isEqualTo(began);
        assertThat(again.requeue()).as("it keeps looking, in case the wait ends after all").isPresent();
    }

    @Test
    void aWaitThatEndsAfterItsHorizonTurnsTrue() {
        scenario.azure.hsms.put(NEW_HSM, HsmProvisioningState.SUCCEEDED, ActivationStatus.NOT_ACTIVATED, true);
        HsmOutcome overdue = provisionFor(manualActivation(), Duration.ofDays(8));
        scenario.azure.hsms.set(NEW_HSM, HsmProvisioningState.SUCCEEDED, ActivationStatus.ACTIVE);

        HsmOutcome active = scenario.reconciler.provisionHsm(manualActivation(), overdue.condition());

        assertThat(active.condition().isTrue()).isTrue();
    }

    @Test
    void aBindingWhoseGrantNeverPropagatesIsFalsePastHalfAnHour() {
        scenario.azure.grantPropagation = Duration.ofDays(30);
        Binding binding = Scenario.storageBinding(KeySpec.rsa("orders-cmk", 2048), VersionPolicy.AUTO);

        var converged = scenario.converge(binding, null, 40);

        Condition bound = converged.status().condition(ConditionType.BOUND);
        assertThat(bound.status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(bound.reason()).isEqualTo(Reason.AWAITING_PROPAGATION);
        assertThat(bound.message()).contains("longer than the 30 min this takes").contains("wrong principal or scope");
        assertThat(converged.status().condition(ConditionType.VERIFIED).reason()).isEqualTo(Reason.WAITING_FOR_PREVIOUS);
    }
}
