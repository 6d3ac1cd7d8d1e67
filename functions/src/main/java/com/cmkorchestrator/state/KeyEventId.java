package com.cmkorchestrator.state;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * One key event the bridge publishes at most once: this kind of event for this version of this key.
 *
 * @param hsm Managed HSM name
 * @param key key name
 * @param version key version
 * @param kind which event
 */
public record KeyEventId(String hsm, String key, String version, KeyEventKind kind) {

    public KeyEventId {
        StateLimits.requireKeyVaultName("HSM name", hsm);
        StateLimits.requireKeyVaultName("key name", key);
        StateLimits.requireKeyVaultName("key version", version);
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * The Event Grid event ID the bridge publishes this event under: derived from the event itself, so that a
     * re-publication after a crash carries the same ID, and a subscriber can tell an event of this app's bridge
     * from one of Key Vault (whose IDs are random).
     */
    public String eventGridId() {
        return UUID.nameUUIDFromBytes(("cmk-orchestrator/" + this).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public String toString() {
        return kind.shortName() + " for " + hsm + "/" + key + "/" + version;
    }
}
