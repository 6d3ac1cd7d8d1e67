package com.cmkorchestrator.emulator.arm;

import com.cmkorchestrator.emulator.time.EmulatorClock;
import com.cmkorchestrator.emulator.time.Scheduler;
import com.cmkorchestrator.emulator.transport.EmuException;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ARM long-running operations: a write is accepted (201/202) with {@code Azure-AsyncOperation}
 * and {@code Location} URLs and a {@code Retry-After}, and finishes on the emulated clock. The
 * Azure SDK's ARM poller follows exactly these headers. The status URL answers
 * {@code {"status": "InProgress" | "Succeeded" | "Failed"}}; the result URL answers 202 until the end,
 * then the final answer.
 */
public final class Operations {
    public enum Status { InProgress, Succeeded, Failed }

    /** What happens when an operation's time is up; throwing fails the operation with that error. */
    @FunctionalInterface
    public interface Completion {
        void complete(Instant now);
    }

    /** One operation. {@code resourceId} is what a finished PUT/PATCH answers with (null for DELETE/POST). */
    public static final class Operation {
        private final String id;
        private final String subscriptionId;
        private final String namespace;
        private final String location;
        private final String method;
        private final String resourceId;
        private final String apiVersion;
        private final Instant startedAt;
        private final Instant due;
        private volatile Status status = Status.InProgress;
        private volatile EmuException error;
        private volatile Instant endedAt;

        private Operation(String subscriptionId, String namespace, String location, String method, String resourceId,
                          String apiVersion, Instant startedAt, Instant due) {
            this.id = UUID.randomUUID().toString();
            this.subscriptionId = subscriptionId;
            this.namespace = namespace;
            this.location = location;
            this.method = method;
            this.resourceId = resourceId;
            this.apiVersion = apiVersion;
            this.startedAt = startedAt;
            this.due = due;
        }

        public String id() { return id; }
        public String namespace() { return namespace; }
        public String method() { return method; }
        public String resourceId() { return resourceId; }
        public Status status() { return status; }
        public EmuException error() { return error; }
        public Instant due() { return due; }

        private String path(String kind) {
            return "/subscriptions/" + subscriptionId + "/providers/" + namespace + "/locations/" + location + "/"
                    + kind + "/" + id + "?api-version=" + apiVersion;
        }
    }

    private final ArmState state;
    private final Scheduler scheduler;
    private final EmulatorClock clock;
    private final Duration maxPollInterval;
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();

    public Operations(ArmState state, Scheduler scheduler, EmulatorClock clock, Duration maxPollInterval) {
        this.state = state;
        this.scheduler = scheduler;
        this.clock = clock;
        this.maxPollInterval = maxPollInterval;
    }

    /** Starts an operation that completes {@code duration} (emulated) from now, under the ARM state lock. */
    public Operation start(ArmCall call, String subscriptionId, String namespace, String location, String resourceId,
                           Duration duration, Completion completion) {
        Operation operation = new Operation(subscriptionId, namespace, location, call.method(), resourceId,
                call.apiVersion(), call.now(), call.now().plus(duration));
        operations.put(operation.id, operation);
        scheduler.at(operation.due, call.method() + " " + (resourceId == null ? call.request().path() : resourceId), () -> {
            synchronized (state) {
                Instant now = clock.instant();
                try {
                    completion.complete(now);
                    operation.status = Status.Succeeded;
                } catch (EmuException e) {
                    operation.error = e;
                    operation.status = Status.Failed;
                }
                operation.endedAt = now;
            }
        });
        return operation;
    }

    /**
     * Answers a write that Azure runs as a long-running operation. When {@code duration} is zero the
     * work happens now and the answer is synchronous ({@code whenDone}, as ARM allows for operations
     * that finish at once - and the SDK's pollers would otherwise wait their default 30 s on a
     * {@code Retry-After: 0}); otherwise it is {@code whenAccepted} (201/202 with polling headers)
     * and the work happens when the emulated clock gets there.
     */
    public EmuResponse respond(ArmCall call, String subscriptionId, String namespace, String location, String resourceId,
                               Duration duration, Completion completion, java.util.function.Supplier<EmuResponse> whenDone,
                               java.util.function.Function<Operation, EmuResponse> whenAccepted) {
        if (duration.isZero()) {
            completion.complete(call.now());
            return whenDone.get();
        }
        return whenAccepted.apply(start(call, subscriptionId, namespace, location, resourceId, duration, completion));
    }

    public Optional<Operation> get(String id) { return Optional.ofNullable(operations.get(id)); }

    public List<Operation> all() { return new ArrayList<>(operations.values()); }

    /** The 201/202 answer that starts polling, with both polling headers. */
    public EmuResponse accepted(ArmCall call, Operation operation, int status, JsonNode body) {
        return acceptedWithLocation(call, operation, status, body)
                .withHeader("Azure-AsyncOperation", call.absolute(operation.path("operationStatuses")));
    }

    /** The 202 answer of providers that poll by {@code Location} only (Storage, Key Vault). */
    public EmuResponse acceptedWithLocation(ArmCall call, Operation operation, int status, JsonNode body) {
        EmuResponse response = body == null ? EmuResponse.empty(status) : EmuResponse.json(status, body);
        return response.withHeader("Location", call.absolute(operation.path("operationResults")))
                .withHeader("Retry-After", Long.toString(retryAfterSeconds(operation)));
    }

    /** {@code GET .../operationStatuses/<id>}: ARM's operation status body. */
    public EmuResponse status(Operation operation) {
        ObjectNode body = EmuRequest.JSON.createObjectNode();
        body.put("id", "/subscriptions/" + operation.subscriptionId + "/providers/" + operation.namespace + "/locations/"
                + operation.location + "/operationStatuses/" + operation.id);
        body.put("name", operation.id).put("status", operation.status.name()).put("startTime", operation.startedAt.toString());
        if (operation.endedAt != null) {
            body.put("endTime", operation.endedAt.toString());
        }
        if (operation.error != null) {
            body.putObject("error").put("code", operation.error.code()).put("message", operation.error.getMessage());
        }
        EmuResponse response = EmuResponse.json(200, body);
        return operation.status == Status.InProgress
                ? response.withHeader("Retry-After", Long.toString(retryAfterSeconds(operation))) : response;
    }

    /**
     * {@code GET .../operationResults/<id>}: 202 while running, the operation's error when it failed,
     * and {@code finalAnswer} (the resource for PUT/PATCH, an empty 200 for DELETE/POST) when done.
     */
    public EmuResponse result(ArmCall call, Operation operation, EmuResponse finalAnswer) {
        return switch (operation.status) {
            case InProgress -> EmuResponse.empty(202)
                    .withHeader("Location", call.absolute(operation.path("operationResults")))
                    .withHeader("Retry-After", Long.toString(retryAfterSeconds(operation)));
            case Failed -> operation.error.toResponse();
            case Succeeded -> finalAnswer;
        };
    }

    /**
     * Whole seconds a poller should wait: the real time left, at least 1 (the SDK treats 0 as "use
     * your default", 30 s) and at most the configured maximum.
     */
    long retryAfterSeconds(Operation operation) {
        Duration left = Duration.between(clock.instant(), operation.due);
        long seconds = left.isNegative() ? 0 : (clock.realTimeFor(left).toMillis() + 999) / 1000;
        return Math.max(1, Math.min(seconds, Math.max(1, maxPollInterval.toSeconds())));
    }
}
