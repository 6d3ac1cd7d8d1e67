package com.cmkorchestrator.devhost;

import com.cmkorchestrator.state.ReceivedWork;
import com.cmkorchestrator.state.ReconcileQueue;
import com.cmkorchestrator.state.WorkItem;

import java.time.Duration;
import java.util.List;

/**
 * A Storage queue (Azurite) under an emulated clock that runs faster than real time: the app asks for delays on the
 * emulated clock ("look again in 5 minutes"), Azurite counts them in real time, so each delay is divided by the time
 * scale. Visibility timeouts are left as they are: they bound how long a worker may take, which is real time. The
 * in-memory queue needs none of this: it runs on the emulated clock itself.
 */
final class TimeScaledQueue implements ReconcileQueue {

    private final ReconcileQueue queue;
    private final double timeScale;
    private final ReconcileQueue polls;

    private TimeScaledQueue(ReconcileQueue queue, double timeScale) {
        this.queue = queue;
        this.timeScale = timeScale;
        this.polls = queue.polls() == queue ? this : new TimeScaledQueue(queue.polls(), timeScale);
    }

    /** {@code queue} itself at a time scale of 1. */
    static ReconcileQueue of(ReconcileQueue queue, double timeScale) {
        return timeScale == 1.0 ? queue : new TimeScaledQueue(queue, timeScale);
    }

    /**
     * The real delay, in whole seconds rounded up: a Storage queue counts whole seconds and would make a shorter
     * delay visible at once, and an item that arrives before it is due is only deferred again, round after round.
     */
    Duration real(Duration emulated) {
        if (emulated.isZero()) {
            return emulated;
        }
        return Duration.ofSeconds((long) Math.ceil(emulated.toNanos() / timeScale / 1e9));
    }

    @Override
    public String name() {
        return queue.name();
    }

    @Override
    public int maxAttempts() {
        return queue.maxAttempts();
    }

    @Override
    public ReconcileQueue polls() {
        return polls;
    }

    @Override
    public void enqueue(WorkItem item, Duration visibilityDelay) {
        queue.enqueue(item, real(visibilityDelay));
    }

    @Override
    public List<ReceivedWork> receive(int maxItems, Duration visibilityTimeout) {
        return queue.receive(maxItems, visibilityTimeout);
    }

    @Override
    public void complete(ReceivedWork work) {
        queue.complete(work);
    }

    @Override
    public FailureOutcome fail(ReceivedWork work, String error, Duration retryDelay) {
        return queue.fail(work, error, real(retryDelay));
    }

    @Override
    public List<String> peekPoison(int maxItems) {
        return queue.peekPoison(maxItems);
    }
}
