package com.cmkorchestrator.emulator.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ARM's request throttling: per operation class, a token bucket per subscription and principal and
 * a global bucket per subscription shared by all its principals ({@link ArmRateLimits}). A request
 * passes only if both of its buckets hold a token, and then takes one from each; a refused request
 * takes none. Time is the emulator's clock, so a time scale speeds the refill up.
 */
public final class ArmThrottle {

    /**
     * @param remaining        what is left in the principal's bucket after this request
     * @param globalRemaining  what is left in the subscription's global bucket after this request
     * @param retryAfter       zero when allowed
     * @param limitedBy        {@code principal} or {@code global} when refused
     */
    public record Decision(boolean allowed, long remaining, long globalRemaining, Duration retryAfter, String limitedBy) {
    }

    private final Clock clock;
    private final ArmRateLimits limits;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public ArmThrottle(Clock clock, ArmRateLimits limits) {
        this.clock = clock;
        this.limits = limits;
    }

    public ArmRateLimits limits() { return limits; }

    /** Takes a token for one request, or says how long to wait. With {@code enforce} off it only reports. */
    public synchronized Decision admit(String subscriptionId, String principalOid, OperationClass operation, boolean enforce) {
        Instant now = clock.instant();
        String subscription = subscriptionId.toLowerCase(Locale.ROOT);
        TokenBucket principal = bucket(subscription + "/principal/" + principalOid, limits.perPrincipal(operation), operation, now);
        TokenBucket global = bucket(subscription + "/global", limits.global(operation), operation, now);
        if (!enforce) {
            return new Decision(true, left(principal, now), left(global, now), Duration.ZERO, null);
        }
        boolean principalOk = principal.tokens(now) >= 1;
        boolean globalOk = global.tokens(now) >= 1;
        if (principalOk && globalOk) {
            principal.take(now);
            global.take(now);
            return new Decision(true, left(principal, now), left(global, now), Duration.ZERO, null);
        }
        Duration principalWait = principal.untilAvailable(now);
        Duration globalWait = global.untilAvailable(now);
        return new Decision(false, left(principal, now), left(global, now),
                principalWait.compareTo(globalWait) >= 0 ? principalWait : globalWait, principalOk ? "global" : "principal");
    }

    private TokenBucket bucket(String scope, BucketSize size, OperationClass operation, Instant now) {
        return buckets.computeIfAbsent(scope + "/" + operation.name(), key -> size.newBucket(now));
    }

    private static long left(TokenBucket bucket, Instant now) {
        return Math.max(0, (long) Math.floor(bucket.tokens(now)));
    }
}
