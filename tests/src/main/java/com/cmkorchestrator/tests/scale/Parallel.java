package com.cmkorchestrator.tests.scale;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** Setting up a fleet many requests at a time, as a platform team's pipeline would. */
public final class Parallel {

    private Parallel() {
    }

    /**
     * Runs {@code action} on every item, {@code threads} at a time, and returns when all have.
     *
     * @param what for the error: what the items are doing ("creating the fleet")
     * @throws IllegalStateException with the first failure
     */
    public static <T> void each(List<T> items, int threads, String what, Consumer<T> action) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            items.forEach(item -> running.add(pool.submit(() -> action.accept(item))));
            for (Future<?> each : running) {
                each.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }
}
