package com.cmkorchestrator.emulator.arm;

import com.cmkorchestrator.emulator.auth.BearerAuthentication;
import com.cmkorchestrator.emulator.auth.BearerToken;
import com.cmkorchestrator.emulator.faults.Chance;
import com.cmkorchestrator.emulator.faults.FaultSettings;
import com.cmkorchestrator.emulator.ratelimit.ArmThrottle;
import com.cmkorchestrator.emulator.ratelimit.OperationClass;
import com.cmkorchestrator.emulator.ratelimit.ProviderThrottle;
import com.cmkorchestrator.emulator.time.EmulatorClock;
import com.cmkorchestrator.emulator.time.Scheduler;
import com.cmkorchestrator.emulator.transport.EmuException;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.cmkorchestrator.emulator.transport.RequestHandler;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * ARM's front door, in Azure's order: authentication (401 with ARM's challenge), ARM's throttling
 * (429 with {@code Retry-After}), then Compute's own throttling for disk encryption sets, injected
 * faults (latency, 500/503), due background work, then the router. Every answer carries ARM's
 * request and correlation IDs and the remaining requests of its operation class, for the principal
 * ({@code x-ms-ratelimit-remaining-subscription-<class>}) and across principals
 * ({@code ...-subscription-global-<class>}); disk encryption set answers also carry Compute's
 * {@code x-ms-ratelimit-remaining-resource}.
 */
public final class ArmFrontDoor implements RequestHandler {
    private final ArmRouter router;
    private final ArmThrottle throttle;
    private final ProviderThrottle diskThrottle;
    private final Supplier<FaultSettings> faults;
    private final Chance chance;
    private final Scheduler scheduler;
    private final EmulatorClock clock;
    private final String subscriptionId;
    private final Supplier<URI> base;

    /** @param diskThrottle Compute's policies, applied to {@code Microsoft.Compute/diskEncryptionSets} requests */
    public ArmFrontDoor(ArmRouter router, ArmThrottle throttle, ProviderThrottle diskThrottle, Supplier<FaultSettings> faults,
                        Chance chance, Scheduler scheduler, EmulatorClock clock, String subscriptionId, Supplier<URI> base) {
        this.router = router;
        this.throttle = throttle;
        this.diskThrottle = diskThrottle;
        this.faults = faults;
        this.chance = chance;
        this.scheduler = scheduler;
        this.clock = clock;
        this.subscriptionId = subscriptionId;
        this.base = base;
    }

    @Override
    public EmuResponse handle(EmuRequest unauthenticated) {
        String oid = BearerToken.callerOid(unauthenticated).orElse(null);
        if (oid == null) {
            return EmuResponse.error(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is "
                    + "missing or its bearer token is malformed or expired.")
                    .withHeader("WWW-Authenticate", BearerAuthentication.armChallenge());
        }
        EmuRequest request = unauthenticated.withCaller(oid);
        ArmCall call = ArmCall.of(request, null, clock.instant(), base.get());
        OperationClass operation = OperationClass.of(request.method());
        FaultSettings settings = faults.get();
        ArmThrottle.Decision decision = throttle.admit(subscriptionOf(request), oid, operation, settings.throttling());
        ProviderThrottle.Decision disk = null;
        EmuResponse response;
        if (!decision.allowed()) {
            response = throttled(call, oid, operation, decision);
        } else {
            disk = isDiskEncryptionSet(request) ? diskThrottle.admit(subscriptionOf(request), operation, settings.throttling()) : null;
            response = disk != null && !disk.allowed() ? throttledByCompute(call, disk) : answer(call, settings);
        }
        response = response.withHeader("x-ms-request-id", call.requestId())
                .withHeader("x-ms-correlation-request-id", call.correlationId())
                .withHeader(operation.remainingHeader(), Long.toString(decision.remaining()))
                .withHeader(operation.globalRemainingHeader(), Long.toString(decision.globalRemaining()));
        return disk == null ? response : response.withHeader("x-ms-ratelimit-remaining-resource", disk.remainingHeader());
    }

    private static boolean isDiskEncryptionSet(EmuRequest request) {
        return request.path().toLowerCase(Locale.ROOT).contains("/providers/microsoft.compute/diskencryptionsets");
    }

    private EmuResponse answer(ArmCall call, FaultSettings settings) {
        if (!settings.latency().isZero()) {
            try {
                Thread.sleep(settings.latency().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (chance.draw(settings.serverErrorRate())) {
            return chance.coin()
                    ? EmuResponse.error(500, "InternalServerError", "Encountered internal server error (injected fault).")
                    : EmuResponse.error(503, "ServiceUnavailable", "The service is temporarily unavailable (injected fault).")
                    .withHeader("Retry-After", "1");
        }
        scheduler.runDue();
        try {
            return router.route(call);
        } catch (EmuException e) {
            return e.toResponse();
        }
    }

    private EmuResponse throttled(ArmCall call, String oid, OperationClass operation, ArmThrottle.Decision decision) {
        long seconds = seconds(decision.retryAfter());
        return withRetryAfter(EmuResponse.error(429, "SubscriptionRequestsThrottled", "Number of '" + operation.word()
                + "' requests for subscription '" + subscriptionOf(call.request()) + "' actor '" + oid
                + "' exceeded (" + decision.limitedBy() + " bucket). Please try again after '" + seconds
                + "' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for "
                + "additional information."), seconds);
    }

    /**
     * Compute's 429, in the shape troubleshooting-throttling-errors.md shows: {@code OperationNotAllowed}
     * with a {@code TooManyRequests} detail naming the exhausted window.
     */
    private EmuResponse throttledByCompute(ArmCall call, ProviderThrottle.Decision decision) {
        long seconds = seconds(decision.retryAfter());
        String window = decision.exhausted().name().substring(decision.exhausted().name().indexOf('/') + 1);
        Duration span = window.endsWith("30Min") ? Duration.ofMinutes(30) : Duration.ofMinutes(3);
        Instant now = call.now();
        ObjectNode measured = EmuRequest.JSON.createObjectNode().put("operationGroup", window)
                .put("startTime", now.minus(span).toString()).put("endTime", now.toString())
                .put("allowedRequestCount", decision.exhausted().limit())
                .put("measuredRequestCount", decision.exhausted().limit() + 1);
        ObjectNode body = EmuRequest.JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("code", "OperationNotAllowed")
                .put("message", "The server rejected the request because too many requests have been received for this subscription.");
        error.putArray("details").addObject().put("code", "TooManyRequests").put("target", window)
                .put("message", measured.toString());
        error.putObject("innererror").put("internalErrorCode", "TooManyRequestsReceived");
        return withRetryAfter(EmuResponse.json(429, body), seconds);
    }

    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private EmuResponse withRetryAfter(EmuResponse response, long seconds) {
        EmuResponse answer = response.withHeader("Retry-After", Long.toString(seconds));
        if (clock.rate() != 1.0) {
            // the emulated wait in real milliseconds, for clients that honour it, when time runs faster
            Duration real = clock.realTimeFor(Duration.ofSeconds(seconds));
            answer = answer.withHeader("x-ms-retry-after-ms", Long.toString(Math.max(1, real.toMillis())));
        }
        return answer;
    }

    private String subscriptionOf(EmuRequest request) {
        List<String> path = ArmRouter.segments(request.path());
        return path.size() >= 2 && path.get(0).equalsIgnoreCase("subscriptions") ? path.get(1) : subscriptionId;
    }
}
