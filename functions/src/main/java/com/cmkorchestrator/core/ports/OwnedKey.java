package com.cmkorchestrator.core.ports;

import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;
import java.util.Objects;

/**
 * A key the app owns, and why (docs/concurrency.md section 1): it created the key for a binding, or a binding adopted
 * it explicitly. Only an owned key is ever written to (rotated, given a rotation policy, granted on, disabled).
 *
 * @param hsm     the Managed HSM's name (names are unique in a cloud, as their DNS names are)
 * @param key     the key's name
 * @param origin  created or adopted
 * @param binding the binding that created or adopted it
 * @param since   when the app took ownership
 */
public record OwnedKey(String hsm, String key, Origin origin, String binding, Instant since) {

    /** How the app came to own a key. */
    public enum Origin {
        /** The app created it (and tagged it {@code managed-by=cmk-orchestrator}). */
        CREATED("created"),
        /** A binding adopted an existing key with {@code "key": {"adopt": true}}. */
        ADOPTED("adopted");

        private final String json;

        Origin(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }

        public static Origin of(String json) {
            for (Origin origin : values()) {
                if (origin.json.equalsIgnoreCase(json)) {
                    return origin;
                }
            }
            throw new IllegalArgumentException("unknown key origin '" + json + "'");
        }
    }

    public OwnedKey {
        Objects.requireNonNull(hsm, "hsm");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(since, "since");
    }

    /** {@code created by binding orders-storage at 2026-03-01T08:00:00Z}, for statuses and refusals. */
    public String describe() {
        return origin.json() + " by binding " + binding + " at " + since;
    }
}
