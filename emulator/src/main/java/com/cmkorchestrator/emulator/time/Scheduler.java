package com.cmkorchestrator.emulator.time;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Work that Azure does later, on the {@link EmulatorClock}: one-off jobs at an instant (a
 * long-running operation finishing, a soft-deleted HSM being purged) and sweeps that look at the
 * whole state on every tick (Storage / DES picking up new key versions). Driven by the clock's
 * listeners (a background tick and every {@code advance}) and, for jobs, by every ARM request, so
 * that a GET right after a zero-length operation already sees it finished. It tells the clock when
 * its next job or sweep is due, so that an advance stops there and the work happens at its own
 * instant, in order with the clock's other listeners (the HSMs' key rotations).
 */
public final class Scheduler {
    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());

    private record Job(Instant due, long sequence, String what, Runnable work) {
    }

    /** Work that looks at the whole state on every tick and knows when it next has something to do. */
    public interface Sweep extends Runnable {
        /** As {@link EmulatorClock.NextDue#after}: the earliest instant after {@code now} it would change something. */
        Optional<Instant> nextDueAfter(Instant now);
    }

    private final EmulatorClock clock;
    private final AtomicLong sequence = new AtomicLong();
    private final PriorityQueue<Job> jobs = new PriorityQueue<>((a, b) -> a.due.equals(b.due)
            ? Long.compare(a.sequence, b.sequence) : a.due.compareTo(b.due));
    private final List<Sweep> sweeps = new CopyOnWriteArrayList<>();

    public Scheduler(EmulatorClock clock) {
        this.clock = clock;
        clock.onAdvance(now -> {
            runDue();
            sweeps.forEach(this::runSafely);
        }, this::nextDueAfter);
    }

    /** Runs {@code work} once the emulated clock reaches {@code due}. */
    public void at(Instant due, String what, Runnable work) {
        synchronized (jobs) {
            jobs.add(new Job(due, sequence.incrementAndGet(), what, work));
        }
    }

    /** Runs {@code sweep} on every tick and advance, and at the instants it names. It must be idempotent. */
    public void everyTick(Sweep sweep) {
        sweeps.add(sweep);
    }

    /** The earliest job or sweep due after {@code now}. */
    private Optional<Instant> nextDueAfter(Instant now) {
        Optional<Instant> job;
        synchronized (jobs) {
            job = jobs.stream().map(Job::due).filter(due -> due.isAfter(now)).min(Instant::compareTo);
        }
        return Stream.concat(job.stream(), sweeps.stream().map(sweep -> nextDueSafely(sweep, now)).flatMap(Optional::stream))
                .min(Instant::compareTo);
    }

    private Optional<Instant> nextDueSafely(Sweep sweep, Instant now) {
        try {
            return sweep.nextDueAfter(now);
        } catch (RuntimeException e) {
            // as in runSafely: a broken sweep must not stop the clock; it just gets no stop of its own
            LOG.log(Level.WARNING, "emulator scheduled work failed to say when it is next due", e);
            return Optional.empty();
        }
    }

    /** Runs every job that is due now, in due order. */
    public void runDue() {
        Instant now = clock.instant();
        while (true) {
            Job next;
            synchronized (jobs) {
                next = jobs.peek();
                if (next == null || next.due.isAfter(now)) {
                    return;
                }
                jobs.poll();
            }
            runSafely(next.work);
        }
    }

    /** What is still waiting, for the admin API. */
    public List<String> pending() {
        synchronized (jobs) {
            List<String> out = new ArrayList<>();
            jobs.stream().sorted((a, b) -> a.due.compareTo(b.due)).forEach(job -> out.add(job.due + " " + job.what));
            return out;
        }
    }

    private void runSafely(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            // one broken job must not stop the others (or the clock's caller)
            LOG.log(Level.WARNING, "emulator scheduled work failed", e);
        }
    }
}
