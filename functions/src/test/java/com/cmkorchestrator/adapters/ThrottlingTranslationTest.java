package com.cmkorchestrator.adapters;

import com.cmkorchestrator.adapters.pacing.ArmBudget;
import com.cmkorchestrator.adapters.pacing.ArmLimits;
import com.cmkorchestrator.adapters.support.EmulatedAzure;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.errors.Classification;
import com.cmkorchestrator.core.errors.ErrorClass;
import com.cmkorchestrator.core.errors.ErrorClassifier;
import com.cmkorchestrator.core.model.ArmId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ARM throttling reaching the core: the emulator's token buckets (reads: 250, refilled 25 per emulated second) on
 * a clock running at a hundredth of real time, so the bucket cannot refill during the test. The SDK does not retry
 * (the app's connection never does), so the first 429 reaches the adapter.
 */
class ThrottlingTranslationTest {

    @RegisterExtension
    static final EmulatedAzure azure = EmulatedAzure.withResourceGroup("throttled-rg")
            .withOptions(options -> options.withTimeScale(0.01));

    @Test
    void a429ArrivesAsAzureCallExceptionWithItsCodeAndRetryAfter() {
        // a connection that does not pace from ARM's counts, so that it meets the 429 the test is about
        ManagedIdentities identities = new ManagedIdentities(azure.connection()
                .withArmBudget(ArmBudget.localOnly(ArmLimits.azure(), Clock.systemUTC())));
        ArmId absent = azure.id("throttled-rg", "Microsoft.ManagedIdentity/userAssignedIdentities", "uami-polled");

        AzureCallException throttled = null;
        for (int i = 0; i < 400 && throttled == null; i++) {
            try {
                identities.get(absent);
            } catch (AzureCallException e) {
                throttled = e;
            }
        }

        assertThat(throttled).isNotNull();
        assertThat(throttled.httpStatus()).isEqualTo(429);
        assertThat(throttled.errorCode()).contains("SubscriptionRequestsThrottled");
        // the wait in real time: one emulated second at a hundredth of real speed
        assertThat(throttled.retryAfter()).hasValueSatisfying(wait -> assertThat(wait).isGreaterThanOrEqualTo(Duration.ofSeconds(100)));
        Classification verdict = ErrorClassifier.standard().classify(throttled);
        assertThat(verdict.errorClass()).isEqualTo(ErrorClass.RETRYABLE);
        assertThat(verdict.retryAfter()).isEqualTo(throttled.retryAfter().orElseThrow());
    }
}
