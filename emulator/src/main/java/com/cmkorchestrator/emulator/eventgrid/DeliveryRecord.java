package com.cmkorchestrator.emulator.eventgrid;

import java.time.Instant;

/**
 * One delivery attempt of one event to one subscription, for tests and the admin API.
 *
 * @param status the subscriber's HTTP status, or 0 when there was no answer (timeout, refused)
 */
public record DeliveryRecord(long sequence, String subscription, String eventId, String eventType, String subject,
                             int attempt, int status, String error, Instant at) {
    public boolean succeeded() { return status >= 200 && status <= 204; }
}
