package com.cmkorchestrator.adapters;

import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.cmkorchestrator.retry.Retries;

import java.time.Duration;

/**
 * The Azure SDK's retry options on every client that reaches Azure: no retries ({@link Retries#SDK_RETRIES}), so
 * a failed call ends its step with Azure's answer and {@code Retry-After}, and the reconcile queue looks again. A
 * throttled ARM request is not retried either: the ARM pipeline's pacing ({@code adapters/pacing/ArmPacing}) waits
 * before requests, never after a failure, and pauses the subscription's later ones for the 429's {@code Retry-After}.
 */
public final class SdkRetries {

    /** Zero retries; the delay is never waited. */
    public static final RetryOptions OFF =
            new RetryOptions(new FixedDelayOptions(Retries.SDK_RETRIES, Duration.ofSeconds(1)));

    private SdkRetries() {
    }
}
