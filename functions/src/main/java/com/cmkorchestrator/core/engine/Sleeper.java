package com.cmkorchestrator.core.engine;

import java.time.Duration;

/** How a step waits a moment for a paced slot; tests pass one that moves a fake clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    /** The process's own: {@link Thread#sleep}. */
    Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
