package com.cmkorchestrator.app.bridge;

import com.cmkorchestrator.app.events.KeyVaultEventData;
import com.cmkorchestrator.state.KeyEventId;

import java.time.Instant;
import java.util.Objects;

/**
 * One key event the bridge publishes on Managed HSM's behalf, in Key Vault's schema.
 *
 * @param id   which event (kind, HSM, key, version): the unit of exactly-once publishing
 * @param data the event's data, as Key Vault would send it
 * @param time when the bridge noticed
 */
public record BridgedKeyEvent(KeyEventId id, KeyVaultEventData data, Instant time) {

    public BridgedKeyEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(time, "time");
    }

    /**
     * The Event Grid event ID: derived from the event itself, so that a re-publication after a crash carries the same
     * ID and a subscriber could tell it is the same event.
     */
    public String eventId() {
        return id.eventGridId();
    }

    /** Key Vault sets the subject to the object's name. */
    public String subject() {
        return data.objectName();
    }
}
