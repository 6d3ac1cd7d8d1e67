package com.cmkorchestrator.emulator.eventgrid;

import com.cmkorchestrator.emulator.transport.EmuException;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The emulated Event Grid: event subscriptions (webhooks), custom topics, and routing of events to
 * the subscriptions that listen to their topic. ARM raises its {@code Microsoft.Resources.*} events
 * here; publishers post to custom topics through {@link TopicEndpoint}. Delivery is {@link DeliveryQueue}'s job.
 */
public final class EventGrid implements AutoCloseable {
    private final String subscriptionId;
    private final Clock clock;
    private final WebhookClient webhooks;
    private final DeliveryQueue deliveries;
    private final boolean handshakeByDefault;
    private final Map<String, EventSubscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, CustomTopic> topics = new ConcurrentHashMap<>();

    public EventGrid(String subscriptionId, Clock clock, WebhookClient webhooks, DeliveryQueue deliveries,
                     boolean handshakeByDefault) {
        this.subscriptionId = subscriptionId;
        this.clock = clock;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.handshakeByDefault = handshakeByDefault;
    }

    /**
     * Creates (or replaces) an event subscription. Like Event Grid, it first proves the endpoint
     * wants the events: the validation handshake must succeed unless {@code handshake} is false.
     *
     * @param handshake null for the emulator's default (on unless started with it off)
     * @throws EmuException 400 when the handshake fails or the topic does not exist
     */
    public EventSubscription subscribe(EventSubscription subscription, Boolean handshake) {
        Optional<CustomTopic> custom = topicByArmId(subscription.topic());
        if (subscription.topic().toLowerCase(Locale.ROOT).contains("/providers/microsoft.eventgrid/topics/")
                && custom.isEmpty()) {
            throw new EmuException(404, "ResourceNotFound", "The topic '" + subscription.topic() + "' was not found.");
        }
        if (custom.isPresent() && custom.get().inputSchema() == EventSchema.CLOUD_EVENTS
                && subscription.schema() != EventSchema.CLOUD_EVENTS) {
            throw new EmuException(400, "BadRequest", "A topic with input schema CloudEventSchemaV1_0 can only deliver "
                    + "with event delivery schema CloudEventSchemaV1_0.");
        }
        if (handshake == null ? handshakeByDefault : handshake) {
            String failure = webhooks.validate(subscription, clock.instant());
            if (failure != null) {
                throw new EmuException(400, "BadRequest", "Webhook validation handshake failed for "
                        + subscription.endpoint() + ". " + failure);
            }
        }
        subscriptions.put(subscription.name().toLowerCase(Locale.ROOT), subscription);
        return subscription;
    }

    public boolean unsubscribe(String name) {
        EventSubscription removed = subscriptions.remove(name.toLowerCase(Locale.ROOT));
        if (removed != null) {
            deliveries.forget(name);
        }
        return removed != null;
    }

    public List<EventSubscription> subscriptions() { return new ArrayList<>(subscriptions.values()); }

    /** Creates a custom topic with a fresh access key, or returns the existing one of that name. */
    public CustomTopic createTopic(String name, String resourceGroup, EventSchema inputSchema) {
        return topics.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            String armId = "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                    + "/providers/Microsoft.EventGrid/topics/" + name;
            return new CustomTopic(name, armId, inputSchema, Base64.getEncoder().encodeToString(secret));
        });
    }

    public boolean deleteTopic(String name) { return topics.remove(name.toLowerCase(Locale.ROOT)) != null; }

    public Optional<CustomTopic> topic(String name) { return Optional.ofNullable(topics.get(name.toLowerCase(Locale.ROOT))); }

    public List<CustomTopic> topics() { return new ArrayList<>(topics.values()); }

    private Optional<CustomTopic> topicByArmId(String armId) {
        return topics.values().stream().filter(topic -> topic.armId().equalsIgnoreCase(armId)).findFirst();
    }

    /**
     * Raises a system event of a resource group's (or subscription's) topic: subscriptions on the
     * resource group topic and on the subscription topic both get it, each with its own {@code topic}.
     *
     * @param resourceGroup null for subscription-level resources
     */
    public void raiseResourceEvent(String resourceGroup, GridEvent event) {
        String subscriptionTopic = "/subscriptions/" + subscriptionId;
        route(subscriptionTopic, event);
        if (resourceGroup != null) {
            route(subscriptionTopic + "/resourceGroups/" + resourceGroup, event);
        }
    }

    /** Routes events published to a custom topic. */
    public void publish(CustomTopic topic, List<GridEvent> events) {
        events.forEach(event -> route(topic.armId(), event));
    }

    private void route(String topic, GridEvent event) {
        GridEvent onTopic = event.cloudEvent() != null ? event : event.withTopic(topic);
        for (EventSubscription subscription : subscriptions.values()) {
            if (subscription.listensTo(topic) && subscription.accepts(onTopic)) {
                deliveries.enqueue(subscription, onTopic);
            }
        }
    }

    public DeliveryQueue deliveries() { return deliveries; }

    @Override
    public void close() {
        deliveries.close();
    }
}
