package com.cmkorchestrator.app.bridge;

/** Where the HSM event bridge sends the key events Managed HSM does not emit: an Event Grid custom topic. */
public interface KeyEventPublisher {

    /**
     * Publishes one event.
     *
     * @throws RuntimeException when the topic did not accept it; the bridge then tries again on its next run
     */
    void publish(BridgedKeyEvent event);
}
