package com.cmkorchestrator.state;

import com.cmkorchestrator.retry.Retries;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs a read-decide-write step again when its conditional write loses to another writer.
 * Bounded: a record that keeps changing under us is reported, not retried forever.
 */
public final class OptimisticRetry {

    /** Attempts before giving up ({@link Retries}); a handful is plenty unless a record is a hot spot. */
    public static final int ATTEMPTS = Retries.STATE_WRITE_ATTEMPTS;

    private OptimisticRetry() {
    }

    /**
     * @param what the record, for the message when all attempts lose
     * @param step reads, decides and writes conditionally; throws {@link ConcurrentUpdateException} on a lost race
     * @throws ConcurrentUpdateException after {@value #ATTEMPTS} lost races, with the last one as cause
     */
    public static <T> T run(String what, Supplier<T> step) {
        ConcurrentUpdateException lastLoss = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return step.get();
            } catch (ConcurrentUpdateException e) {
                lastLoss = e;
                pause(attempt);
            }
        }
        throw new ConcurrentUpdateException(what + " kept changing concurrently; gave up after " + ATTEMPTS
                + " attempts", lastLoss);
    }

    // Random, growing pauses so that writers racing for one record stop colliding in lockstep.
    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConcurrentUpdateException("interrupted while retrying a concurrent update", e);
        }
    }
}
