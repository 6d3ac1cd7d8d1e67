package com.cmkorchestrator.adapters;

import com.azure.security.keyvault.keys.models.KeyRotationLifetimeAction;
import com.azure.security.keyvault.keys.models.KeyRotationPolicyAction;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import org.junit.jupiter.api.Test;

import java.time.Period;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The core's rotation policy to and from the keys library's, whose periods are ISO-8601 strings. */
class RotationPolicyMappingTest {

    @Test
    void everyTriggerBecomesALifetimeAction() {
        var sdk = RotationPolicyMapping.toSdk(new KeyRotationPolicy(Period.ofDays(90), Period.ofDays(10),
                Period.ofDays(30), Period.ofYears(1)));

        assertThat(sdk.getExpiresIn()).isEqualTo("P1Y");
        assertThat(sdk.getLifetimeActions()).extracting(KeyRotationLifetimeAction::getAction,
                        KeyRotationLifetimeAction::getTimeAfterCreate, KeyRotationLifetimeAction::getTimeBeforeExpiry)
                .containsExactly(tuple(KeyRotationPolicyAction.ROTATE, "P90D", null),
                        tuple(KeyRotationPolicyAction.ROTATE, null, "P10D"),
                        tuple(KeyRotationPolicyAction.NOTIFY, null, "P30D"));
    }

    @Test
    void aPolicyReadsBackAsItWasWritten() {
        KeyRotationPolicy policy = new KeyRotationPolicy(Period.ofDays(60), null, Period.ofDays(30), Period.ofDays(90));

        assertThat(RotationPolicyMapping.fromSdk(RotationPolicyMapping.toSdk(policy))).contains(policy);
    }

    @Test
    void aPolicyWithNeitherActionsNorExpiryIsNoPolicy() {
        assertThat(RotationPolicyMapping.fromSdk(new com.azure.security.keyvault.keys.models.KeyRotationPolicy()
                .setLifetimeActions(List.of()))).isEmpty();
        assertThat(RotationPolicyMapping.fromSdk(null)).isEmpty();
    }

    @Test
    void actionNamesAreReadWhateverTheirCase() {
        var sdk = new com.azure.security.keyvault.keys.models.KeyRotationPolicy().setLifetimeActions(List.of(
                new KeyRotationLifetimeAction(KeyRotationPolicyAction.fromString("Rotate")).setTimeAfterCreate("P28D")));

        assertThat(RotationPolicyMapping.fromSdk(sdk)).hasValueSatisfying(policy ->
                assertThat(policy.rotateAfterCreate()).isEqualTo(Period.ofDays(28)));
    }

    @Test
    void wholeDaysWrittenAsHoursAreAccepted() {
        assertThat(RotationPolicyMapping.period("PT720H")).isEqualTo(Period.ofDays(30));
        assertThat(RotationPolicyMapping.period("P1Y2M")).isEqualTo(Period.of(1, 2, 0));
    }

    @Test
    void aPeriodThatIsNotWholeDaysIsRefusedNamingIt() {
        assertThatThrownBy(() -> RotationPolicyMapping.period("PT90M"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PT90M");
    }
}
