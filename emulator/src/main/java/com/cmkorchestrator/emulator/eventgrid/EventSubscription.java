package com.cmkorchestrator.emulator.eventgrid;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An Event Grid event subscription with a webhook destination, registered through the admin API.
 *
 * @param topic               what it listens to: {@code /subscriptions/<sub>} (subscription system topic),
 *                            {@code /subscriptions/<sub>/resourceGroups/<rg>} (resource group system topic)
 *                            or a custom topic's ARM ID
 * @param includedEventTypes  empty for every type
 * @param subjectBeginsWith   empty for no filter (case-insensitive, as Event Grid's default)
 * @param maxDeliveryAttempts 1..30, Event Grid's bounds (default 30)
 * @param eventTimeToLive     1 minute..1 day (default 1440 minutes)
 */
public record EventSubscription(String name, String topic, URI endpoint, List<String> includedEventTypes,
                                String subjectBeginsWith, String subjectEndsWith, EventSchema schema,
                                int maxDeliveryAttempts, Duration eventTimeToLive) {

    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9-]{3,64}$");

    public EventSubscription {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 3-64 letters, digits or hyphens, got " + name);
        }
        if (topic == null || !topic.startsWith("/subscriptions/")) {
            throw new IllegalArgumentException("topic must be an ARM path starting with /subscriptions/, got " + topic);
        }
        if (endpoint == null || endpoint.getHost() == null
                || !("http".equalsIgnoreCase(endpoint.getScheme()) || "https".equalsIgnoreCase(endpoint.getScheme()))) {
            throw new IllegalArgumentException("endpointUrl must be an absolute http(s) URL, got " + endpoint);
        }
        includedEventTypes = includedEventTypes == null ? List.of() : List.copyOf(includedEventTypes);
        subjectBeginsWith = subjectBeginsWith == null ? "" : subjectBeginsWith;
        subjectEndsWith = subjectEndsWith == null ? "" : subjectEndsWith;
        if (schema == null) {
            throw new IllegalArgumentException("schema must be EventGridSchema or CloudEventSchemaV1_0");
        }
        if (maxDeliveryAttempts < 1 || maxDeliveryAttempts > 30) {
            throw new IllegalArgumentException("maxDeliveryAttempts must be 1..30, got " + maxDeliveryAttempts);
        }
        if (eventTimeToLive == null || eventTimeToLive.compareTo(Duration.ofMinutes(1)) < 0
                || eventTimeToLive.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("eventTimeToLive must be 1 minute..1 day, got " + eventTimeToLive);
        }
    }

    /** Event Grid's filters: type list, then subject prefix and suffix, case-insensitive. */
    public boolean accepts(GridEvent event) {
        if (!includedEventTypes.isEmpty()
                && includedEventTypes.stream().noneMatch(type -> type.equalsIgnoreCase(event.eventType()))) {
            return false;
        }
        String subject = event.subject().toLowerCase(Locale.ROOT);
        return subject.startsWith(subjectBeginsWith.toLowerCase(Locale.ROOT))
                && subject.endsWith(subjectEndsWith.toLowerCase(Locale.ROOT));
    }

    /** Whether an event raised on {@code sourceTopic} reaches this subscription. */
    public boolean listensTo(String sourceTopic) {
        return topic.equalsIgnoreCase(sourceTopic);
    }
}
