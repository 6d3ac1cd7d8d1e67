package com.cmkorchestrator.adapters.pacing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One process's share of ARM's buckets, per subscription (or the tenant) and operation class, learnt from what ARM
 * reports on every answer (docs/concurrency.md section 3). Instances of the app never talk to each other; they all
 * read the same remaining counts, and each slows down in proportion once a bucket runs low:
 *
 * <ul>
 *   <li>each bucket's count is what ARM last reported ({@link Reading}), less this process's requests sent since;</li>
 *   <li>while that count is above the bucket's floor ({@link ArmLimits#floorShare()} of it), requests go at once;
 *       below, the process spaces its requests of that bucket {@code (floor - count) / refill} apart. The refill is
 *       not credited to the count: every instance sees the same refill, and one that took it all for itself would
 *       send as if alone. With {@code N} instances sending, the count settles near {@code floor - N}: up to
 *       {@code floor} instances stay clear of 429s (ARM's write floor is 40, the Flex Consumption plan's instance
 *       limit);</li>
 *   <li>no request goes into a bucket this process believes empty, counting the refill (at the bucket's published
 *       rate; a provider's is learnt from its window): before ARM has answered once, the buckets are full at ARM's
 *       numbers, so a process that has not heard from ARM keeps to a token bucket of its own;</li>
 *   <li>a 429's {@code Retry-After} pauses every request of the process to that subscription;</li>
 *   <li>while writes wait, those that begin a long-running operation (learnt from ARM's answers, {@link #heardWrite})
 *       go first and those that end at once yield to them, on the queue for the longest wait rather than on their
 *       worker: a rotation's fan-out is bounded by its writes, and an
 *       operation begun early runs while the quick writes spend the rest of the budget, rather than starting at the
 *       end and adding its whole length to the fan-out's time (longest first, as any scheduler of jobs of known
 *       length does). So do they while long writes flow ({@link #LONG_WRITES_FLOW}) with none waiting yet, as at a
 *       fan-out's start, once the bucket holds less than it refills while a yielding write is away: the burst goes
 *       to the long writes, and no budget is lost;</li>
 *   <li>a request that would wait longer than {@link ArmLimits#longestWait()} is not sent
 *       ({@link PacedOutException}): the pass's re-check waits on the queue instead of on a worker thread.</li>
 * </ul>
 *
 * <p>The clock is injected so that tests are exact; the pipeline policy ({@link ArmPacing}) does the waiting. A
 * request told to wait asks again when the wait is over, so it goes by the freshest count, not by the one it saw
 * first: with several workers per instance, fixed reservations made on stale counts were what drew 429s.
 */
public final class ArmBudget {

    /** What the budget says to a request: go now, or ask again later. */
    public sealed interface Reservation permits Granted, Deferred {
    }

    /**
     * The request may go now: send it, and hand ARM's answer back with {@link #heard}.
     *
     * @param scope     the subscription ID (or {@code tenant})
     * @param namespace the resource provider the request goes to, or null
     * @param sequence  the process's count of requests of this scope and class, this one included
     */
    public record Granted(String scope, OperationClass operation, String namespace, long sequence)
            implements Reservation {
    }

    /** Not yet: ask again after {@code delay} (with what ARM will have said meanwhile, the answer may differ). */
    public record Deferred(Duration delay) implements Reservation {
    }

    /**
     * How long after the slot a waiting long-running write was given a write that ends at once may ask again: enough
     * for the long one, woken at its slot, to take it first.
     */
    static final Duration YIELD = Duration.ofMillis(50);

    /**
     * How recently a write that begins a long-running operation must have gone for long writes to count as flowing
     * (a fan-out's, one after another on every worker) when no long write waits.
     */
    static final Duration LONG_WRITES_FLOW = Duration.ofSeconds(1);

    /** What floating-point arithmetic may be off by, in requests (and nanoseconds): nothing a bucket notices. */
    private static final double ROUNDING = 1e-6;

    private final ArmLimits limits;
    private final Clock clock;
    private final boolean hearsArm;
    private final Map<String, Lane> lanes = new HashMap<>();
    private final Map<String, Instant> pausedUntil = new HashMap<>();
    /** Per kind of write: whether ARM's last answer to one began a long-running operation. */
    private final Map<String, Boolean> beginsOperations = new HashMap<>();

    private ArmBudget(ArmLimits limits, Clock clock, boolean hearsArm) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.hearsArm = hearsArm;
    }

    public ArmLimits limits() {
        return limits;
    }

    /** The budget's clock reading: when a request starts asking. */
    public Instant now() {
        return clock.instant();
    }

    /** The app's budget: ARM's numbers as the ceiling, paced from what ARM reports. */
    public static ArmBudget fromHeaders(ArmLimits limits, Clock clock) {
        return new ArmBudget(limits, clock, true);
    }

    /**
     * A process's own token buckets at {@code limits}, deaf to what ARM reports and to 429s: what every instance did
     * before the budget was shared (kept to show the difference, and for tests that count requests, not time).
     */
    public static ArmBudget localOnly(ArmLimits limits, Clock clock) {
        return new ArmBudget(limits, clock, false);
    }

    /**
     * Asks whether a request may go now. A request told to wait asks again after the wait, so that it goes by what ARM
     * reported meanwhile rather than by what was known when it first asked.
     *
     * @param scope        the subscription ID the request names, or {@code tenant}
     * @param namespace    the resource provider of the request ({@code Microsoft.Compute}), or null
     * @param waitingSince when the request first asked
     * @throws PacedOutException when the request would have waited longer than {@link ArmLimits#longestWait()}
     */
    public Reservation reserve(String scope, OperationClass operation, String namespace, Instant waitingSince) {
        return reserve(scope, operation, namespace, null, waitingSince);
    }

    /**
     * As {@link #reserve(String, OperationClass, String, Instant)}, for a write of {@code kind}
     * ({@link #heardWrite}): while writes wait for the budget, a write that begins a long-running operation goes
     * before one that does not.
     *
     * @param kind what the request writes ({@code PATCH Microsoft.Compute/diskEncryptionSets}), or null
     */
    public synchronized Reservation reserve(String scope, OperationClass operation, String namespace, String kind,
                                            Instant waitingSince) {
        Instant now = clock.instant();
        Lane lane = lanes.computeIfAbsent(scope + "|" + operation, key -> new Lane(operation));
        List<Bucket> buckets = lane.applicable(namespace);
        Instant at = later(now, pausedUntil.get(scope));
        for (Bucket bucket : buckets) {
            at = later(at, bucket.spacedAfterLastTake());
        }
        for (Bucket bucket : buckets) {
            at = later(at, bucket.holdsOneAt(at));
        }
        boolean beginsOperation = kind != null && beginsOperations(kind);
        if (operation == OperationClass.WRITES && !beginsOperation
                && (lane.longWritesWait(now) || lane.longWritesFlow(now) && refillsWhileAway(lane, buckets, now))) {
            // it yields, and gives its worker back at once: waiting in the process it held the worker a long write
            // behind it on the queue needed (a fan-out's quick writes held every worker for the longest wait, round
            // after round), while the budget it would spend is not lost by waiting on the queue instead. It stays
            // away until the bucket could be full again, not less: each return is a pass on the queue, and the
            // returns of the quick writes that yielded every 10 s (a third of a fan-out's passes) were what kept
            // the long writes still on the queue from reaching a worker; coming back before the bucket is full,
            // they find all it refilled meanwhile, so no budget is lost either
            Duration yielded = Duration.between(now, lane.longWritesWait(now)
                    ? later(at, lane.longWritesWaitUntil.plus(YIELD)) : at);
            throw new PacedOutException(scope, operation, longest(yielded, limits.longestWait(),
                    lane.fillTime(buckets, now)));
        }
        if (Duration.between(waitingSince, at).compareTo(longestWait(operation, beginsOperation)) > 0) {
            throw new PacedOutException(scope, operation, Duration.between(now, at));
        }
        if (at.isAfter(now)) {
            if (operation == OperationClass.WRITES && beginsOperation) {
                lane.longWritesWaitUntil = later(at, lane.longWritesWaitUntil);
            }
            return new Deferred(Duration.between(now, at));
        }
        for (Bucket bucket : buckets) {
            bucket.take(now);
        }
        if (operation == OperationClass.WRITES && beginsOperation) {
            lane.longWriteGrantedAt = now;
        }
        return new Granted(scope, operation, namespace, ++lane.sent);
    }

    /**
     * How long a request may wait in the process. A write that begins a long-running operation may wait twice the
     * longest wait: it is a fan-out's longest path (its operation runs tens of seconds after it), and paced out near
     * the end of its wait it came back from the queue at its busiest, 17 s later in the median (the last 8 such
     * writes of the 1,000-binding benchmark, which set its end). A worker it holds longer holds nothing more urgent:
     * the quick writes behind it yield to it anyway, and looks at operations have a queue and workers of their own.
     */
    private Duration longestWait(OperationClass operation, boolean beginsOperation) {
        return operation == OperationClass.WRITES && beginsOperation ? limits.longestWait().multipliedBy(2)
                : limits.longestWait();
    }

    /**
     * What ARM answered to a granted request: the buckets it reports, and, for a 429, how long it asked to wait.
     *
     * @param throttledFor the {@code Retry-After} of a 429, or null for any other answer
     */
    public synchronized void heard(Granted request, List<Reading> readings, Duration throttledFor) {
        if (!hearsArm) {
            return;
        }
        Instant now = clock.instant();
        if (throttledFor != null) {
            pausedUntil.merge(request.scope(), now.plus(throttledFor), ArmBudget::later);
        }
        Lane lane = lanes.get(request.scope() + "|" + request.operation());
        for (Reading reading : readings) {
            lane.heard(request.sequence(), reading, now);
        }
    }

    /**
     * What ARM answered a write of {@code kind}: whether it began a long-running operation (201/202 naming one) or
     * ended at once. The last answer decides, per kind, for {@link #reserve(String, OperationClass, String, String,
     * Instant)}.
     */
    public synchronized void heardWrite(String kind, boolean begunOperation) {
        if (kind != null) {
            beginsOperations.put(kind, begunOperation);
        }
    }

    /** Whether ARM's last answer to a write of {@code kind} began a long-running operation. */
    synchronized boolean beginsOperations(String kind) {
        return beginsOperations.getOrDefault(kind, false);
    }

    /**
     * Whether one of {@code buckets} holds less than it refills while a yielding write is away (at least the longest
     * wait): below that, a quick write that yields to the long ones loses none of ARM's budget, since the bucket
     * cannot fill up and overflow before it is back; above it, as in any rotation too small to run the bucket low,
     * nothing yields.
     */
    private boolean refillsWhileAway(Lane lane, List<Bucket> buckets, Instant now) {
        return lane.fillTime(buckets, now).compareTo(limits.longestWait()) > 0;
    }

    private static Duration longest(Duration... durations) {
        Duration longest = Duration.ZERO;
        for (Duration duration : durations) {
            longest = duration.compareTo(longest) > 0 ? duration : longest;
        }
        return longest;
    }

    private static Instant later(Instant a, Instant b) {
        return b == null || a.isAfter(b) ? a : b;
    }

    /** Rounded up to the nanosecond, but not for the rounding errors of the arithmetic. */
    private static Duration seconds(double seconds) {
        return Duration.ofNanos((long) Math.ceil(seconds * 1e9 - ROUNDING));
    }

    /** The buckets of one scope and operation class. */
    private final class Lane {
        private final Map<String, Bucket> buckets = new LinkedHashMap<>();
        private long sent;
        /** The latest slot a waiting write that begins a long-running operation was given; writes that do not yield. */
        private Instant longWritesWaitUntil;
        /** When a write that begins a long-running operation last went. */
        private Instant longWriteGrantedAt;

        Lane(OperationClass operation) {
            // what a process that has not heard from ARM keeps to: ARM's own published buckets, full
            buckets.put("subscription", new Bucket(null, limits.principal(operation), null));
            buckets.put("global", new Bucket(null, limits.global(operation), null));
        }

        boolean longWritesWait(Instant now) {
            return longWritesWaitUntil != null && !longWritesWaitUntil.isBefore(now);
        }

        boolean longWritesFlow(Instant now) {
            return longWriteGrantedAt != null
                    && Duration.between(longWriteGrantedAt, now).compareTo(LONG_WRITES_FLOW) < 0;
        }

        /** How long until the emptiest of {@code buckets} (for its size) would be full again, with nothing taken. */
        Duration fillTime(List<Bucket> buckets, Instant now) {
            double seconds = 0;
            for (Bucket bucket : buckets) {
                double missing = bucket.size.capacity() - bucket.levelAt(now);
                seconds = Math.max(seconds, missing / bucket.size.refillPerSecond());
            }
            return seconds(seconds);
        }

        List<Bucket> applicable(String namespace) {
            List<Bucket> applicable = new ArrayList<>();
            for (Bucket bucket : buckets.values()) {
                if (bucket.namespace == null || bucket.namespace.equalsIgnoreCase(namespace)) {
                    applicable.add(bucket);
                }
            }
            return applicable;
        }

        void heard(long sequence, Reading reading, Instant now) {
            Bucket bucket = buckets.computeIfAbsent(reading.bucket(), name -> reading.size() != null
                    ? new Bucket(reading.namespace(), reading.size(), null)
                    : new Bucket(reading.namespace(), learnt(reading.remaining(), reading.window()), reading.window()));
            bucket.heard(reading.remaining(), sequence, sent, now);
        }
    }

    /** A provider's bucket, as large as the most it was seen to hold, refilled over its window. */
    private static BucketSize learnt(long remaining, Duration window) {
        double capacity = remaining + 1.0;
        return new BucketSize(capacity, capacity / Math.max(1e-3, window.toMillis() / 1000.0));
    }

    /** One of ARM's buckets as this process believes it stands. */
    private final class Bucket {
        private final String namespace;
        private final Duration window;
        private BucketSize size;
        /** ARM's last count less this process's requests since: what the floor rule paces by. */
        private double reported;
        /** The same with the refill since {@link #at} credited: what the ceiling keeps to. */
        private double level;
        private Instant at;
        private Instant lastTake;
        private long heardSequence = -1;

        Bucket(String namespace, BucketSize size, Duration window) {
            this.namespace = namespace;
            this.size = size;
            this.window = window;
            this.reported = size.capacity();
            this.level = size.capacity();
            this.at = clock.instant();
        }

        private double floor() {
            return size.capacity() * limits.floorShare();
        }

        /** The level at {@code t}, refilled since the last thing known. */
        double levelAt(Instant t) {
            if (!t.isAfter(at)) {
                return level;
            }
            double refilled = level + Duration.between(at, t).toNanos() / 1e9 * size.refillPerSecond();
            return Math.min(size.capacity(), refilled);
        }

        /** Below the floor, the next request waits {@code (floor - count) / refill} after the last one; above, nothing. */
        Instant spacedAfterLastTake() {
            if (lastTake == null || !hearsArm || reported >= floor() - ROUNDING) {
                return null;
            }
            return lastTake.plus(seconds((floor() - reported) / size.refillPerSecond()));
        }

        /** When the bucket holds a whole request, at or after {@code t}. */
        Instant holdsOneAt(Instant t) {
            double left = levelAt(t);
            return left >= 1 - ROUNDING ? t : t.plus(seconds((1 - left) / size.refillPerSecond()));
        }

        void take(Instant now) {
            reported -= 1;
            level = levelAt(now) - 1;
            at = now;
            lastTake = now;
        }

        /** ARM's count after request {@code sequence}, less what this process sent after it. */
        void heard(long remaining, long sequence, long sent, Instant now) {
            if (sequence < heardSequence) {
                return; // an older answer overtaken by a newer one
            }
            heardSequence = sequence;
            if (window != null && remaining + 1.0 > size.capacity()) {
                size = learnt(remaining, window);
            }
            reported = remaining - (double) (sent - sequence);
            level = reported;
            at = now;
        }
    }
}
