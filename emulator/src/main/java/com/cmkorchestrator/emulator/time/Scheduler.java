package com.cmkorchestrator.emulator.time;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Work that Azure does later, on the {@link EmulatorClock}: one-off jobs at an instant (a
 * long-running operation finishing, a soft-deleted HSM being purged) and sweeps that look at the
 * whole state on every tick (Storage / DES picking up new key versions). Driven by the clock's
 * listeners (a background tick and every {@code advance}) and, for jobs, by every ARM request, so
 * that a GET right after a zero-length operation already sees it finished.
 */
public final class Scheduler {
    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());

    private record Job(Instant due, long sequence, String what, Runnable work) {
    }

    private final EmulatorClock clock;
    private final AtomicLong sequence = new AtomicLong();
    private final PriorityQueue<Job> jobs = new PriorityQueue<>((a, b) -> a.due.equals(b.due)
            ? Long.compare(a.sequence, b.sequence) : a.due.compareTo(b.due));
    private final List<Runnable> sweeps = new CopyOnWriteArrayList<>();

    public Scheduler(EmulatorClock clock) {
        this.clock = clock;
        clock.onAdvance(now -> {
            runDue();
            sweeps.forEach(this::runSafely);
        });
    }

    /** Runs {@code work} once the emulated clock reaches {@code due}. */
    public void at(Instant due, String what, Runnable work) {
        synchronized (jobs) {
            jobs.add(new Job(due, sequence.incrementAndGet(), what, work));
        }
    }

    /** Runs {@code sweep} on every tick and advance. It must be idempotent. */
    public void everyTick(Runnable sweep) {
        sweeps.add(sweep);
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
