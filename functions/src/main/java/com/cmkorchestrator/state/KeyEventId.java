package com.cmkorchestrator.state;

import java.util.Objects;

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

    @Override
    public String toString() {
        return kind.shortName() + " for " + hsm + "/" + key + "/" + version;
    }
}
