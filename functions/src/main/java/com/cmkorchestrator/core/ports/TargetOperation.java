package com.cmkorchestrator.core.ports;

import com.cmkorchestrator.core.model.ArmId;

import java.time.Duration;
import java.util.Objects;

/**
 * A long-running ARM write to a bound resource that began and has not been seen to end: what the binding's status
 * keeps, so that the next pass polls it instead of a worker waiting for it (docs/concurrency.md section 4). ARM's
 * pattern: the write answers 201/202 with {@code Azure-AsyncOperation} (or only {@code Location}) and
 * {@code Retry-After} (MicrosoftDocs/azure-docs {@code async-operations.md}).
 *
 * @param target      the resource written
 * @param url         where ARM reports the operation: {@code Azure-AsyncOperation}, else {@code Location}
 * @param retryAfter  how long ARM asked to wait before the next look
 * @param resumeToken what the adapter needs to finish the operation (which header the URL came from, what a
 *                    whole-document write read before it wrote); opaque to the core
 */
public record TargetOperation(ArmId target, String url, Duration retryAfter, String resumeToken) {

    public TargetOperation {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(retryAfter, "retryAfter");
        resumeToken = resumeToken == null ? "" : resumeToken;
    }

    /** The same operation, ARM having asked for another wait. */
    public TargetOperation lookAgainAfter(Duration wait) {
        return new TargetOperation(target, url, wait, resumeToken);
    }
}
