package com.cmkorchestrator.adapters.pacing;

import com.cmkorchestrator.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several instances that never talk to each other, each with 8 workers writing as fast as its budget lets it, against
 * one simulated ARM write bucket (200, refilled 10 per second, 100 ms round trips), for two simulated minutes on a
 * clock moved by hand: what the floor rule promises (docs/concurrency.md section 3), exactly and in milliseconds.
 */
class SharedArmBucketTest {

    private static final Duration ROUND_TRIP = Duration.ofMillis(100);
    private static final Duration RUN = Duration.ofMinutes(2);
    private static final int WORKERS = 8;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));

    @Test
    void instancesPacedFromArmsCountsDrawNo429AndKeepTheBucketBusy() {
        Outcome outcome = run(4, limits -> ArmBudget.fromHeaders(limits, clock));

        assertThat(outcome.throttled()).isZero();
        assertThat(outcome.admitted()).as("the burst and two minutes of refill, nearly all of it used")
                .isBetween(200 + 1150L, 200 + 1200L + 20);
    }

    @Test
    void asManyInstancesAsTheFloorStillDrawNoneOnceUnderWay() {
        Outcome outcome = run(30, limits -> ArmBudget.fromHeaders(limits, clock));

        assertThat(outcome.throttledAfter(Duration.ofSeconds(10))).isZero();
    }

    @Test
    void instancesWithTheirOwnBucketsAtArmsNumbersDrawMany() {
        Outcome outcome = run(4, limits -> ArmBudget.localOnly(limits, clock));

        assertThat(outcome.throttled()).isGreaterThan(outcome.admitted());
    }

    private record Outcome(long admitted, long throttled, List<Instant> throttledAt, Instant start) {
        long throttledAfter(Duration warmUp) {
            return throttledAt.stream().filter(at -> !at.isBefore(start.plus(warmUp))).count();
        }
    }

    private Outcome run(int instances, Function<ArmLimits, ArmBudget> budgets) {
        Instant start = clock.instant();
        Instant end = start.plus(RUN);
        SimulatedBucket arm = new SimulatedBucket(200, 10, start);
        PriorityQueue<Event> events = new PriorityQueue<>(Comparator.comparing(Event::at).thenComparingLong(Event::order));
        long[] order = {0};
        List<ArmBudget> processes = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            processes.add(budgets.apply(ArmLimits.azure()));
            for (int w = 0; w < WORKERS; w++) {
                events.add(Event.asks(start, order[0]++, i, start));
            }
        }
        long admitted = 0;
        List<Instant> throttled = new ArrayList<>();
        while (!events.isEmpty()) {
            Event event = events.poll();
            clock.advance(Duration.between(clock.instant(), event.at()));
            ArmBudget budget = processes.get(event.instance());
            switch (event.step()) {
                case ASKS -> {
                    if (!event.at().isBefore(end)) {
                        continue;
                    }
                    try {
                        ArmBudget.Reservation reservation = budget.reserve("sub", OperationClass.WRITES, null, event.since());
                        if (reservation instanceof ArmBudget.Granted granted) {
                            // the request reaches ARM half a round trip after it leaves, its answer the other half later
                            events.add(new Event(Step.ARRIVES, event.at().plus(ROUND_TRIP.dividedBy(2)), order[0]++,
                                    event.instance(), null, granted, 0, null));
                        } else {
                            Duration wait = ((ArmBudget.Deferred) reservation).delay();
                            events.add(Event.asks(event.at().plus(wait), order[0]++, event.instance(), event.since()));
                        }
                    } catch (PacedOutException paced) {
                        Instant back = event.at().plus(paced.retryAfter());
                        events.add(Event.asks(back, order[0]++, event.instance(), back));
                    }
                }
                case ARRIVES -> {
                    boolean ok = arm.admit(event.at());
                    if (ok) {
                        admitted++;
                    } else {
                        throttled.add(event.at());
                    }
                    events.add(new Event(Step.ANSWERED, event.at().plus(ROUND_TRIP.dividedBy(2)), order[0]++,
                            event.instance(), null, event.request(), arm.remaining(event.at()),
                            ok ? null : arm.retryAfter(event.at())));
                }
                case ANSWERED -> {
                    budget.heard(event.request(), List.of(new Reading("subscription", null, event.remaining(),
                            new BucketSize(200, 10), null)), event.throttledFor());
                    events.add(Event.asks(event.at(), order[0]++, event.instance(), event.at()));
                }
            }
        }
        return new Outcome(admitted, throttled.size(), throttled, start);
    }

    private enum Step { ASKS, ARRIVES, ANSWERED }

    /** One step of a worker: it asks the budget, its request reaches ARM, or ARM's answer reaches it. */
    private record Event(Step step, Instant at, long order, int instance, Instant since, ArmBudget.Granted request,
                         long remaining, Duration throttledFor) {
        static Event asks(Instant at, long order, int instance, Instant since) {
            return new Event(Step.ASKS, at, order, instance, since, null, 0, null);
        }
    }

    /** ARM's bucket as ARM keeps it: a request passes when a whole token is there, and takes it. */
    private static final class SimulatedBucket {
        private final double capacity;
        private final double refill;
        private double level;
        private Instant at;

        SimulatedBucket(double capacity, double refill, Instant start) {
            this.capacity = capacity;
            this.refill = refill;
            this.level = capacity;
            this.at = start;
        }

        boolean admit(Instant now) {
            refill(now);
            if (level < 1) {
                return false;
            }
            level -= 1;
            return true;
        }

        long remaining(Instant now) {
            refill(now);
            return (long) Math.floor(level);
        }

        Duration retryAfter(Instant now) {
            refill(now);
            return Duration.ofSeconds(Math.max(1, (long) Math.ceil((1 - level) / refill)));
        }

        private void refill(Instant now) {
            level = Math.min(capacity, level + Duration.between(at, now).toNanos() / 1e9 * refill);
            at = now;
        }
    }
}
