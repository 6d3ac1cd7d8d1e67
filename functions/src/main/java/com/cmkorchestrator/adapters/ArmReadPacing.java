package com.cmkorchestrator.adapters;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.cmkorchestrator.core.rotation.TokenBucket;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Paces ARM reads to ARM's read bucket (250 burst, 25 per second per subscription and principal, azure-facts 8).
 * The core paces its writes itself; a rotation fan-out also reads each resource, identity and operation status,
 * and those reads were what drew 429s once the fan-out outran the read bucket. Every attempt counts, as it does for
 * ARM (the policy sits per retry, though the SDK's retries are off: {@link SdkRetries}). One bucket per process: instances of a scaled-out app do not
 * share it, so each keeps to ARM's pace on its own and a 429 is still possible (and handled) when several run.
 */
final class ArmReadPacing implements HttpPipelinePolicy {

    private final TokenBucket reads;

    ArmReadPacing(TokenBucket reads) {
        this.reads = reads;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        if (!isRead(context)) {
            return next.process();
        }
        // the wait blocks, so it runs where blocking is allowed, never on a Netty event loop
        return Mono.fromRunnable(reads::acquireUninterruptibly).subscribeOn(Schedulers.boundedElastic())
                .then(Mono.defer(next::process));
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        if (isRead(context)) {
            reads.acquireUninterruptibly();
        }
        return next.processSync();
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }

    private static boolean isRead(HttpPipelineCallContext context) {
        HttpMethod method = context.getHttpRequest().getHttpMethod();
        return method == HttpMethod.GET || method == HttpMethod.HEAD;
    }
}
