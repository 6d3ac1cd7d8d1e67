package com.cmkorchestrator.adapters.pacing;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * The one place ARM requests are paced: every request of every ARM client of the process (managers, generic
 * resources, raw lists, long-running operation polls) reserves its send with the {@link ArmBudget}, waits if told to,
 * and hands ARM's answer back to it. Every attempt counts, as it does for ARM; the SDK's own retries are off
 * ({@code adapters/SdkRetries}), so the only retry is the pass's re-check on the queue.
 *
 * <p>The asynchronous path waits on a timer ({@link Mono#delay}), never on a Netty event loop; the synchronous path
 * sleeps on the caller's thread; either waits at most {@link ArmLimits#longestWait()} in all, and asks the budget
 * again after each wait.
 */
public final class ArmPacing implements HttpPipelinePolicy {

    private final ArmBudget budget;

    public ArmPacing(ArmBudget budget) {
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return Mono.defer(() -> sendWhenGranted(context.getHttpRequest(), next, budget.now()));
    }

    private Mono<HttpResponse> sendWhenGranted(HttpRequest request, HttpPipelineNextPolicy next, Instant since) {
        ArmBudget.Reservation reservation;
        try {
            reservation = reserve(request, since);
        } catch (PacedOutException e) {
            return Mono.error(e);
        }
        if (reservation instanceof ArmBudget.Granted granted) {
            return next.process().doOnNext(response -> heard(granted, request, response));
        }
        Duration wait = ((ArmBudget.Deferred) reservation).delay();
        // the next policy may be processed once only: the retry of a deferral asks the budget, not the pipeline
        return Mono.delay(wait).then(Mono.defer(() -> sendWhenGranted(request, next, since)));
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        Instant since = budget.now();
        while (true) {
            ArmBudget.Reservation reservation = reserve(context.getHttpRequest(), since);
            if (reservation instanceof ArmBudget.Granted granted) {
                HttpResponse response = next.processSync();
                heard(granted, context.getHttpRequest(), response);
                return response;
            }
            Duration wait = ((ArmBudget.Deferred) reservation).delay();
            try {
                Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for ARM's budget", e);
            }
        }
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }

    private ArmBudget.Reservation reserve(HttpRequest request, Instant since) {
        URL url = request.getUrl();
        return budget.reserve(scopeOf(url.getPath()), OperationClass.of(request.getHttpMethod().name()),
                namespaceOf(url.getPath()), kindOf(request), since);
    }

    private void heard(ArmBudget.Granted request, HttpRequest sent, HttpResponse response) {
        Duration throttledFor = response.getStatusCode() == 429 ? retryAfterOf(response) : null;
        budget.heard(request, RemainingCounts.of(response.getHeaders(), request.operation(), budget.limits()), throttledFor);
        int status = response.getStatusCode();
        if (request.operation() == OperationClass.WRITES && status >= 200 && status < 300) {
            budget.heardWrite(kindOf(sent), (status == 201 || status == 202)
                    && (response.getHeaders().getValue("Azure-AsyncOperation") != null
                    || response.getHeaders().getValue("Location") != null));
        }
    }

    /**
     * What a request writes, as {@code <method> <Namespace>/<type>} ({@code PATCH Microsoft.Storage/storageAccounts}):
     * the unit ARM's answers teach whether writes begin long-running operations. Null for a path naming no provider.
     */
    static String kindOf(HttpRequest request) {
        String[] segments = request.getUrl().getPath().split("/");
        int provider = providerAt(segments);
        return provider < 0 || provider + 1 >= segments.length ? null : request.getHttpMethod().name() + " "
                + (segments[provider] + "/" + segments[provider + 1]).toLowerCase(Locale.ROOT);
    }

    /** Where the first {@code providers/<Namespace>} names its namespace in {@code segments}, or -1. */
    private static int providerAt(String[] segments) {
        for (int i = 0; i + 1 < segments.length; i++) {
            if (segments[i].equalsIgnoreCase("providers") && !segments[i + 1].isBlank()) {
                return i + 1;
            }
        }
        return -1;
    }

    /** ARM's 429s name a {@code Retry-After}; one that does not still pauses the subscription a second. */
    private static Duration retryAfterOf(HttpResponse response) {
        Duration wait = RetryAfter.of(response.getHeaders());
        return wait == null || wait.isZero() ? Duration.ofSeconds(1) : wait;
    }

    /** The subscription of {@code /subscriptions/<id>/...}; {@code tenant} for requests that name none. */
    static String scopeOf(String path) {
        String[] segments = path.split("/");
        for (int i = 0; i + 1 < segments.length; i++) {
            if (segments[i].equalsIgnoreCase("subscriptions") && !segments[i + 1].isBlank()) {
                return segments[i + 1].toLowerCase(Locale.ROOT);
            }
        }
        return "tenant";
    }

    /** The resource provider of {@code .../providers/<Namespace>/...}, the first one named; null for ARM's own. */
    static String namespaceOf(String path) {
        String[] segments = path.split("/");
        int provider = providerAt(segments);
        return provider < 0 ? null : segments[provider];
    }
}
