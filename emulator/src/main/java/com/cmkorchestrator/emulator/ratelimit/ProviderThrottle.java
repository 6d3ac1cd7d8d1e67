package com.cmkorchestrator.emulator.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A resource provider's own throttling, applied after ARM's: per subscription (every principal
 * counts), one {@link ProviderPolicy} per operation class, each with a 3-minute and a 30-minute
 * window. A request passes only if both windows hold a token.
 */
public final class ProviderThrottle {

    /** What is left in one window, named as the header names it ({@code Microsoft.Compute/CreateUpdateDisks3Min}), of {@code limit}. */
    public record Window(String name, long remaining, int limit) {
    }

    /**
     * @param windows   both windows of the policy, 3-minute first
     * @param exhausted the window that refused the request, null when allowed
     */
    public record Decision(boolean allowed, List<Window> windows, Duration retryAfter, Window exhausted) {

        /** {@code x-ms-ratelimit-remaining-resource}: {@code <name>;<remaining>} for each window, comma-separated. */
        public String remainingHeader() {
            return windows.stream().map(w -> w.name() + ";" + w.remaining()).collect(Collectors.joining(","));
        }
    }

    private final Clock clock;
    private final Function<OperationClass, ProviderPolicy> policies;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public ProviderThrottle(Clock clock, Function<OperationClass, ProviderPolicy> policies) {
        this.clock = clock;
        this.policies = policies;
    }

    public ProviderPolicy policy(OperationClass operation) { return policies.apply(operation); }

    /** Takes a token from both windows, or says which one is empty and for how long. With {@code enforce} off it only reports. */
    public synchronized Decision admit(String subscriptionId, OperationClass operation, boolean enforce) {
        Instant now = clock.instant();
        ProviderPolicy policy = policies.apply(operation);
        String scope = subscriptionId.toLowerCase(Locale.ROOT) + "/" + policy.name();
        TokenBucket shortWindow = buckets.computeIfAbsent(scope + "/3Min", key -> policy.shortWindow(now));
        TokenBucket longWindow = buckets.computeIfAbsent(scope + "/30Min", key -> policy.longWindow(now));
        boolean shortOk = shortWindow.tokens(now) >= 1;
        boolean longOk = longWindow.tokens(now) >= 1;
        if (enforce && shortOk && longOk) {
            shortWindow.take(now);
            longWindow.take(now);
        }
        List<Window> windows = List.of(new Window(policy.shortWindowName(), left(shortWindow, now), policy.per3Minutes()),
                new Window(policy.longWindowName(), left(longWindow, now), policy.per30Minutes()));
        if (!enforce || shortOk && longOk) {
            return new Decision(true, windows, Duration.ZERO, null);
        }
        Duration shortWait = shortWindow.untilAvailable(now);
        Duration longWait = longWindow.untilAvailable(now);
        return new Decision(false, windows, shortWait.compareTo(longWait) >= 0 ? shortWait : longWait,
                shortOk ? windows.get(1) : windows.get(0));
    }

    private static long left(TokenBucket bucket, Instant now) {
        return Math.max(0, (long) Math.floor(bucket.tokens(now)));
    }
}
