package com.cmkorchestrator.emulator.faults;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ARM's request throttling: token buckets per subscription and per principal, separately for
 * reads, writes and deletes, with Azure's published sizes (reads 250 refilling 25/s, writes and
 * deletes 200 refilling 10/s). A request passes only if both of its buckets hold a token, and then
 * takes one from each. Time is the emulator's clock, so a time scale speeds the refill up.
 */
public final class ArmThrottle {

    /** ARM's three operation classes and their bucket sizes. */
    public enum OperationClass {
        READS("reads", 250, 25), WRITES("writes", 200, 10), DELETES("deletes", 200, 10);

        private final String header;
        private final int capacity;
        private final int refillPerSecond;

        OperationClass(String header, int capacity, int refillPerSecond) {
            this.header = header;
            this.capacity = capacity;
            this.refillPerSecond = refillPerSecond;
        }

        /** e.g. {@code x-ms-ratelimit-remaining-subscription-writes} */
        public String remainingHeader() { return "x-ms-ratelimit-remaining-subscription-" + header; }

        public String word() { return header.substring(0, header.length() - 1); }

        public static OperationClass of(String method) {
            return switch (method.toUpperCase(Locale.ROOT)) {
                case "GET", "HEAD", "OPTIONS" -> READS;
                case "DELETE" -> DELETES;
                default -> WRITES;
            };
        }
    }

    /** @param retryAfter zero when allowed; {@code remaining} is the subscription bucket's after this request */
    public record Decision(boolean allowed, long remaining, Duration retryAfter, String limitedBy) {
    }

    private final Clock clock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public ArmThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Takes a token for one request, or says how long to wait. With {@code enforce} off it only reports. */
    public synchronized Decision admit(String subscriptionId, String principalOid, OperationClass operation, boolean enforce) {
        Instant now = clock.instant();
        TokenBucket subscription = bucket("subscription/" + subscriptionId.toLowerCase(Locale.ROOT), operation, now);
        TokenBucket principal = bucket("principal/" + principalOid, operation, now);
        if (!enforce) {
            return new Decision(true, (long) Math.floor(subscription.tokens(now)), Duration.ZERO, null);
        }
        boolean subscriptionOk = subscription.tokens(now) >= 1;
        boolean principalOk = principal.tokens(now) >= 1;
        if (subscriptionOk && principalOk) {
            subscription.take(now);
            principal.take(now);
            return new Decision(true, (long) Math.floor(subscription.tokens(now)), Duration.ZERO, null);
        }
        Duration subscriptionWait = subscription.untilAvailable(now);
        Duration principalWait = principal.untilAvailable(now);
        return new Decision(false, (long) Math.floor(subscription.tokens(now)),
                subscriptionWait.compareTo(principalWait) >= 0 ? subscriptionWait : principalWait,
                subscriptionOk ? "principal" : "subscription");
    }

    private TokenBucket bucket(String scope, OperationClass operation, Instant now) {
        return buckets.computeIfAbsent(scope + "/" + operation.name(),
                key -> new TokenBucket(operation.capacity, operation.refillPerSecond, now));
    }
}
