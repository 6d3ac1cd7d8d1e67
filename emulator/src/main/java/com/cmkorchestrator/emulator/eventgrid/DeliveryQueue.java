package com.cmkorchestrator.emulator.eventgrid;

import com.cmkorchestrator.emulator.faults.Chance;
import com.cmkorchestrator.emulator.faults.FaultSettings;
import com.cmkorchestrator.emulator.time.EmulatorClock;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Event Grid's delivery engine: asynchronous, at least once, one ordered lane per subscription,
 * retries on Event Grid's schedule on the emulated clock, dead letters when attempts or time to
 * live run out, and the injected faults (duplicates, reordering). A dispatcher thread releases due
 * deliveries to the lanes; the clock wakes it when a test advances time.
 */
public final class DeliveryQueue implements AutoCloseable {
    /** With reordering on, first attempts are held this long (emulated) and released newest first. */
    static final Duration REORDER_WINDOW = Duration.ofSeconds(1);

    private record Pending(long sequence, EventSubscription subscription, GridEvent event, ObjectNode payload,
                           int attempt, Instant due, Instant enqueuedAt, boolean duplicate) {
    }

    private final EmulatorClock clock;
    private final WebhookClient client;
    private final Supplier<FaultSettings> faults;
    private final Chance chance;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong recordSequence = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<Pending> pending = new ArrayList<>();
    private final Map<String, ExecutorService> lanes = new ConcurrentHashMap<>();
    private final List<DeliveryRecord> records = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final Thread dispatcher;
    private volatile boolean running = true;

    public DeliveryQueue(EmulatorClock clock, WebhookClient client, Supplier<FaultSettings> faults, Chance chance) {
        this.clock = clock;
        this.client = client;
        this.faults = faults;
        this.chance = chance;
        this.dispatcher = new Thread(this::dispatchLoop, "emulator-eventgrid-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
        clock.onAdvance(now -> wake());
    }

    /** Queues the first delivery of {@code event} (already carrying its topic) to {@code subscription}. */
    public void enqueue(EventSubscription subscription, GridEvent event) {
        Instant now = clock.instant();
        Instant due = faults.get().eventReordering() ? now.plus(REORDER_WINDOW) : now;
        add(new Pending(sequence.incrementAndGet(), subscription, event, event.render(subscription.schema()), 1, due,
                now, false));
    }

    /** Drops everything still queued for a deleted subscription. */
    public void forget(String subscriptionName) {
        synchronized (this) {
            pending.removeIf(p -> p.subscription.name().equalsIgnoreCase(subscriptionName));
        }
        ExecutorService lane = lanes.remove(subscriptionName.toLowerCase());
        if (lane != null) {
            lane.shutdown();
        }
    }

    public synchronized List<DeliveryRecord> records() { return List.copyOf(records); }

    public synchronized List<DeadLetter> deadLetters() { return List.copyOf(deadLetters); }

    /** Deliveries still waiting (for a retry, or in the reorder window) plus those being sent. */
    public synchronized int backlog() { return pending.size() + inFlight.get(); }

    /** Waits (real time) until nothing is due or being sent; retries scheduled later do not count. */
    public boolean awaitQuiet(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean quiet;
            synchronized (this) {
                Instant now = clock.instant();
                quiet = inFlight.get() == 0 && pending.stream().noneMatch(p -> !p.due.isAfter(now));
            }
            if (quiet) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    private void add(Pending delivery) {
        synchronized (this) {
            pending.add(delivery);
            notifyAll();
        }
    }

    private synchronized void wake() {
        notifyAll();
    }

    private void dispatchLoop() {
        while (running) {
            Map<String, List<Pending>> batch = takeDue();
            batch.forEach((lane, deliveries) -> {
                ExecutorService executor = lanes.computeIfAbsent(lane, name -> Executors.newSingleThreadExecutor(r -> {
                    Thread thread = new Thread(r, "emulator-eventgrid-" + name);
                    thread.setDaemon(true);
                    return thread;
                }));
                for (Pending delivery : deliveries) {
                    try {
                        executor.execute(() -> attempt(delivery));
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        inFlight.decrementAndGet(); // the subscription was deleted meanwhile
                    }
                }
            });
        }
    }

    private Map<String, List<Pending>> takeDue() {
        synchronized (this) {
            while (running) {
                Instant now = clock.instant();
                List<Pending> due = pending.stream().filter(p -> !p.due.isAfter(now)).toList();
                if (!due.isEmpty()) {
                    return release(due, now);
                }
                long waitMillis = pending.stream().map(p -> clock.realTimeFor(Duration.between(now, p.due)).toMillis())
                        .min(Long::compare).orElse(1000L);
                try {
                    wait(Math.max(1, Math.min(waitMillis, 1000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Map.of();
                }
            }
            return Map.of();
        }
    }

    /** Takes the due deliveries out of the queue, grouped by lane, in delivery order. */
    private Map<String, List<Pending>> release(List<Pending> due, Instant now) {
        boolean newestFirst = faults.get().eventReordering();
        List<Pending> taken = new ArrayList<>(due);
        if (newestFirst) {
            // everything in the same reorder window goes out together, newest first
            Instant windowEnd = due.stream().map(Pending::due).max(Comparator.naturalOrder()).orElse(now).plus(REORDER_WINDOW);
            pending.stream().filter(p -> p.attempt == 1 && !taken.contains(p) && p.due.isBefore(windowEnd)).forEach(taken::add);
        }
        pending.removeAll(taken);
        inFlight.addAndGet(taken.size()); // counted before the lock is released, so awaitQuiet never sees a gap
        Comparator<Pending> order = Comparator.comparingLong(Pending::sequence);
        taken.sort(newestFirst ? order.reversed() : order);
        Map<String, List<Pending>> byLane = new LinkedHashMap<>();
        taken.forEach(p -> byLane.computeIfAbsent(p.subscription.name().toLowerCase(), k -> new ArrayList<>()).add(p));
        return byLane;
    }

    private void attempt(Pending delivery) {
        try {
            WebhookClient.Answer answer = client.deliver(delivery.subscription, delivery.payload, delivery.attempt,
                    delivery.event.dataVersion());
            Instant now = clock.instant();
            synchronized (this) {
                records.add(new DeliveryRecord(recordSequence.incrementAndGet(), delivery.subscription.name(),
                        delivery.event.id(), delivery.event.eventType(), delivery.event.subject(), delivery.attempt,
                        answer.status(), answer.error(), now));
            }
            if (answer.succeeded()) {
                if (!delivery.duplicate && chance.draw(faults.get().eventDuplicationRate())) {
                    add(new Pending(sequence.incrementAndGet(), delivery.subscription, delivery.event, delivery.payload,
                            1, now, now, true));
                }
                return;
            }
            afterFailure(delivery, answer, now);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void afterFailure(Pending delivery, WebhookClient.Answer answer, Instant now) {
        String reason = null;
        Instant next = null;
        if (!RetrySchedule.retries(answer.status())) {
            reason = "DeliveryFailed";
        } else if (delivery.attempt >= delivery.subscription.maxDeliveryAttempts()) {
            reason = "MaxDeliveryAttemptsExceeded";
        } else {
            next = now.plus(RetrySchedule.delayAfter(delivery.attempt, answer.status()));
            if (next.isAfter(delivery.enqueuedAt.plus(delivery.subscription.eventTimeToLive()))) {
                reason = "TimeToLiveExceeded";
            }
        }
        if (reason != null) {
            synchronized (this) {
                deadLetters.add(new DeadLetter(delivery.subscription.name(), delivery.payload.deepCopy(), reason,
                        delivery.attempt, answer.status(), answer.error(), now));
            }
            return;
        }
        add(new Pending(delivery.sequence, delivery.subscription, delivery.event, delivery.payload,
                delivery.attempt + 1, next, delivery.enqueuedAt, delivery.duplicate));
    }

    @Override
    public void close() {
        running = false;
        wake();
        dispatcher.interrupt();
        lanes.values().forEach(ExecutorService::shutdownNow);
    }
}
