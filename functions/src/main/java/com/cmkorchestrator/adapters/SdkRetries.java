package com.cmkorchestrator.adapters;

import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.cmkorchestrator.retry.Retries;

import java.time.Duration;

/**
 * The Azure SDK's retry options on every client that reaches Azure: no retries ({@link Retries#SDK_RETRIES}), so
 * a failed call ends its step with Azure's answer and {@code Retry-After}, and the reconcile queue looks again.
 */
public final class SdkRetries {

    /** Zero retries; the delay is never waited. */
    public static final RetryOptions OFF =
            new RetryOptions(new FixedDelayOptions(Retries.SDK_RETRIES, Duration.ofSeconds(1)));

    private SdkRetries() {
    }
}
