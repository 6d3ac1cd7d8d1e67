package com.cmkorchestrator.devhost;

import com.cmkorchestrator.emulator.auth.EmulatorTokenCredential;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What a local run needs of the emulator, whether it runs in this process ({@link InProcessEmulator}) or in another
 * one that several development hosts share ({@link AttachedEmulator}): where it listens and how to trust it, its
 * clock, and the few admin actions the seeding and the Event Grid set-up take.
 */
interface EmulatorAccess extends AutoCloseable {

    /** A custom topic: where to publish, with which access key, and its ARM ID for subscriptions. */
    record Topic(URI endpoint, String key, String armId) {
    }

    URI armEndpoint();

    URI adminEndpoint();

    Path trustStorePath();

    String trustStorePassword();

    String tenantId();

    String subscriptionId();

    String databricksAppObjectId();

    /** The emulated clock, as the app must see it. */
    Clock clock();

    /** Emulated seconds per real second. */
    double timeScale();

    /** Moves the emulated clock forward; everything that became due has run when this returns. */
    void advance(Duration by);

    /** How long an HSM stays {@code Provisioning}, emulated. */
    Duration hsmProvisioning();

    /** How long a local RBAC grant takes to take effect, emulated. */
    Duration rolePropagation();

    /** Tokens that name {@code objectId} as the caller. */
    default EmulatorTokenCredential credential(String objectId) {
        return new EmulatorTokenCredential(objectId, tenantId());
    }

    /** The custom topic of that name, created when missing (creating it twice returns the first). */
    Topic topic(String name, String resourceGroup);

    /** True when an Event Grid subscription of that name exists. */
    boolean hasSubscription(String name);

    /**
     * Subscribes a webhook (after Event Grid's validation handshake with it) to a topic: a custom topic's ARM ID, or a
     * resource group's ID for its resources' events. A subscription of the same name is replaced.
     */
    void subscribe(String name, String topic, URI webhook, List<String> eventTypes);

    /** Stops the emulator when this process started it; lets go of it otherwise. */
    @Override
    void close();
}
