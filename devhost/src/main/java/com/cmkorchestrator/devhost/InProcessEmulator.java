package com.cmkorchestrator.devhost;

import com.cmkorchestrator.emulator.Emulator;
import com.cmkorchestrator.emulator.eventgrid.CustomTopic;
import com.cmkorchestrator.emulator.eventgrid.EventSchema;
import com.cmkorchestrator.emulator.eventgrid.EventSubscription;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The emulator this process started: its parts are called directly. */
final class InProcessEmulator implements EmulatorAccess {

    private final Emulator emulator;

    InProcessEmulator(Emulator emulator) {
        this.emulator = emulator;
    }

    Emulator emulator() {
        return emulator;
    }

    @Override
    public URI armEndpoint() {
        return emulator.armEndpoint();
    }

    @Override
    public URI adminEndpoint() {
        return emulator.adminEndpoint();
    }

    @Override
    public Path trustStorePath() {
        return emulator.trustStorePath();
    }

    @Override
    public String trustStorePassword() {
        return emulator.trustStorePassword();
    }

    @Override
    public String tenantId() {
        return emulator.options().tenantId();
    }

    @Override
    public String subscriptionId() {
        return emulator.options().subscriptionId();
    }

    @Override
    public String databricksAppObjectId() {
        return emulator.options().databricksAppObjectId();
    }

    @Override
    public Clock clock() {
        return emulator.clock();
    }

    @Override
    public double timeScale() {
        return emulator.clock().rate();
    }

    @Override
    public void advance(Duration by) {
        emulator.clock().advance(by);
    }

    @Override
    public Duration hsmProvisioning() {
        return emulator.options().hsmProvisioningDuration();
    }

    @Override
    public Duration rolePropagation() {
        return emulator.options().roleAssignmentPropagation();
    }

    @Override
    public Topic topic(String name, String resourceGroup) {
        CustomTopic topic = emulator.eventGrid().createTopic(name, resourceGroup, EventSchema.EVENT_GRID);
        return new Topic(emulator.armEndpoint().resolve(topic.publishPath().substring(1)), topic.key(), topic.armId());
    }

    @Override
    public boolean hasSubscription(String name) {
        return emulator.eventGrid().subscriptions().stream().anyMatch(s -> s.name().equalsIgnoreCase(name));
    }

    @Override
    public void subscribe(String name, String topic, URI webhook, List<String> eventTypes) {
        emulator.eventGrid().subscribe(new EventSubscription(name, topic, webhook, eventTypes, "", "",
                EventSchema.EVENT_GRID, 30, Duration.ofDays(1)), null);
    }

    @Override
    public void close() {
        emulator.close();
    }
}
