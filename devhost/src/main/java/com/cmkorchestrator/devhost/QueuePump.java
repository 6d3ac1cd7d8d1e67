package com.cmkorchestrator.devhost;

import com.cmkorchestrator.state.ConcurrentUpdateException;
import com.cmkorchestrator.state.ReceivedWork;
import com.cmkorchestrator.state.ReconcileQueue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The development host's queue listener, doing what the Functions host's queue trigger does: take visible
 * messages, invoke the {@code @QueueTrigger} function with the message and its {@code Id}, {@code PopReceipt} and
 * {@code DequeueCount}, delete the message when the function returns, and leave it to reappear after the visibility
 * timeout when it throws. A message delivered too often goes to the poison queue (the queue's receive does that).
 * Like the host, it runs the messages of a batch concurrently (host.json {@code batchSize}, 8) and takes the next
 * batch as soon as no more than {@code newBatchThreshold} (4) are still running, so that up to 12 run at once and a
 * slow message (a pass waiting for ARM's budget) holds back no other: a pump that waited for its whole batch made
 * every message of it as late as the slowest, and the scale benchmark saw re-checks due in 5 s start 49 s later.
 */
public final class QueuePump implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(QueuePump.class.getName());
    /** As host.json's {@code extensions.queues.visibilityTimeout}. */
    static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(30);
    static final int BATCH = 8;
    /** As host.json's {@code extensions.queues.newBatchThreshold}. */
    static final int NEW_BATCH_THRESHOLD = 4;

    private final ReconcileQueue queue;
    private final AtomicLong handled = new AtomicLong();
    /** Messages taken and not yet finished by the continuous pump; it waits on this object to fall. */
    private final AtomicInteger running = new AtomicInteger();
    private final FunctionDefinition function;
    private final FunctionInvoker invoker;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "devhost-queue");
        thread.setDaemon(true);
        return thread;
    });
    private final ExecutorService workers = Executors.newFixedThreadPool(BATCH + NEW_BATCH_THRESHOLD, r -> {
        Thread thread = new Thread(r, "devhost-queue-worker");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @throws IllegalArgumentException when no function of the catalog listens to {@code queue}
     */
    public QueuePump(FunctionCatalog catalog, FunctionInvoker invoker, ReconcileQueue queue) {
        this.queue = queue;
        this.invoker = invoker;
        this.function = listener(catalog, queue)
                .orElseThrow(() -> new IllegalArgumentException("no function listens to queue " + queue.name()));
    }

    /** Whether a function of the catalog listens to {@code queue}. */
    static boolean listened(FunctionCatalog catalog, ReconcileQueue queue) {
        return listener(catalog, queue).isPresent();
    }

    private static Optional<FunctionDefinition> listener(FunctionCatalog catalog, ReconcileQueue queue) {
        return catalog.withTrigger(FunctionTrigger.Queue.class).stream()
                .filter(f -> ((FunctionTrigger.Queue) f.trigger()).queueName().equals(queue.name()))
                .findFirst();
    }

    /** Takes batches as the host does, and polls every {@code interval} while the queue is empty, until closed. */
    public QueuePump start(Duration interval) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                pumpWhileThereIsWork();
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "queue pump: receiving from " + queue.name() + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * The host's loop: take a batch whenever at most {@link #NEW_BATCH_THRESHOLD} messages are still running; stop
     * when the queue has nothing visible (the scheduler comes back after its interval).
     */
    private void pumpWhileThereIsWork() throws InterruptedException {
        while (true) {
            synchronized (running) {
                while (running.get() > NEW_BATCH_THRESHOLD) {
                    running.wait();
                }
            }
            List<ReceivedWork> batch = queue.receive(BATCH, VISIBILITY_TIMEOUT);
            if (batch.isEmpty()) {
                return;
            }
            for (ReceivedWork work : batch) {
                running.incrementAndGet();
                workers.submit(() -> {
                    try {
                        run(work);
                    } finally {
                        synchronized (running) {
                            running.decrementAndGet();
                            running.notifyAll();
                        }
                    }
                });
            }
        }
    }

    /**
     * Takes one batch of visible messages and runs the function on each, returning when all have run (for a caller
     * that pumps by hand, such as a test or a one-shot local run).
     *
     * @return how many messages were handled
     */
    public int pumpOnce() {
        List<ReceivedWork> batch = queue.receive(BATCH, VISIBILITY_TIMEOUT);
        List<Future<?>> running = batch.stream().<Future<?>>map(work -> workers.submit(() -> run(work))).toList();
        for (Future<?> invocation : running) {
            try {
                invocation.get();
            } catch (ExecutionException e) {
                LOG.log(Level.SEVERE, "queue pump: an invocation failed outside the function", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return batch.size();
            }
        }
        return batch.size();
    }

    private void run(ReceivedWork work) {
        Map<String, String> metadata = Map.of("Id", work.messageId(), "PopReceipt", work.popReceipt(),
                "DequeueCount", Long.toString(work.dequeueCount()));
        try {
            invoker.invoke(function, work.item().toJson(), metadata);
        } catch (Exception e) {
            // as the host: the message stays, and reappears once its visibility timeout is over
            LOG.log(Level.WARNING, "function " + function.name() + " failed on " + work.item().target(), e);
            return;
        }
        handled.incrementAndGet();
        try {
            queue.complete(work);
        } catch (ConcurrentUpdateException e) {
            // the function re-queued or poisoned the item itself (new receipt): the host tolerates this too
        }
    }

    /** Work items this listener handed to the function and saw it return from, since it started. */
    public long handled() {
        return handled.get();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        workers.shutdownNow();
    }
}
