package com.cmkorchestrator.emulator.arm;

import com.cmkorchestrator.emulator.auth.BearerAuthentication;
import com.cmkorchestrator.emulator.auth.BearerToken;
import com.cmkorchestrator.emulator.faults.ArmThrottle;
import com.cmkorchestrator.emulator.faults.Chance;
import com.cmkorchestrator.emulator.faults.FaultSettings;
import com.cmkorchestrator.emulator.time.EmulatorClock;
import com.cmkorchestrator.emulator.time.Scheduler;
import com.cmkorchestrator.emulator.transport.EmuException;
import com.cmkorchestrator.emulator.transport.EmuRequest;
import com.cmkorchestrator.emulator.transport.EmuResponse;
import com.cmkorchestrator.emulator.transport.RequestHandler;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * ARM's front door, in Azure's order: authentication (401 with ARM's challenge), throttling (429
 * with {@code Retry-After}), injected faults (latency, 500/503), due background work, then the
 * router. Every answer carries ARM's request and correlation IDs and the remaining-requests header
 * of its operation class.
 */
public final class ArmFrontDoor implements RequestHandler {
    private final ArmRouter router;
    private final ArmThrottle throttle;
    private final Supplier<FaultSettings> faults;
    private final Chance chance;
    private final Scheduler scheduler;
    private final EmulatorClock clock;
    private final String subscriptionId;
    private final Supplier<URI> base;

    public ArmFrontDoor(ArmRouter router, ArmThrottle throttle, Supplier<FaultSettings> faults, Chance chance,
                        Scheduler scheduler, EmulatorClock clock, String subscriptionId, Supplier<URI> base) {
        this.router = router;
        this.throttle = throttle;
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
        ArmThrottle.OperationClass operation = ArmThrottle.OperationClass.of(request.method());
        FaultSettings settings = faults.get();
        ArmThrottle.Decision decision = throttle.admit(subscriptionOf(request), oid, operation, settings.throttling());
        EmuResponse response;
        if (!decision.allowed()) {
            response = throttled(call, oid, operation, decision);
        } else {
            response = answer(call, settings);
        }
        return response.withHeader("x-ms-request-id", call.requestId())
                .withHeader("x-ms-correlation-request-id", call.correlationId())
                .withHeader(operation.remainingHeader(), Long.toString(decision.remaining()));
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

    private EmuResponse throttled(ArmCall call, String oid, ArmThrottle.OperationClass operation, ArmThrottle.Decision decision) {
        long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
        EmuResponse response = EmuResponse.error(429, "SubscriptionRequestsThrottled", "Number of '" + operation.word()
                        + "' requests for subscription '" + subscriptionOf(call.request()) + "' actor '" + oid
                        + "' exceeded (" + decision.limitedBy() + " bucket). Please try again after '" + seconds
                        + "' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for "
                        + "additional information.")
                .withHeader("Retry-After", Long.toString(seconds));
        if (clock.rate() != 1.0) {
            // the emulated wait in real milliseconds, for clients that honour it, when time runs faster
            Duration real = clock.realTimeFor(Duration.ofSeconds(seconds));
            response = response.withHeader("x-ms-retry-after-ms", Long.toString(Math.max(1, real.toMillis())));
        }
        return response;
    }

    private String subscriptionOf(EmuRequest request) {
        List<String> path = ArmRouter.segments(request.path());
        return path.size() >= 2 && path.get(0).equalsIgnoreCase("subscriptions") ? path.get(1) : subscriptionId;
    }
}
