package com.cmkorchestrator.emulator.eventgrid;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * An event Event Grid gave up on, with Event Grid's dead-letter reasons
 * ({@code MaxDeliveryAttemptsExceeded}, {@code TimeToLiveExceeded}, {@code DeliveryFailed} for
 * a 400/413 answer, which Event Grid does not retry).
 *
 * @param event the event as it would have been delivered
 */
public record DeadLetter(String subscription, ObjectNode event, String reason, int deliveryAttempts, int lastStatus,
                         String lastError, Instant deadLetteredAt) {
}
