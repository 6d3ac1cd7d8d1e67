package com.cmkorchestrator.core.ports;

import java.time.Instant;
import java.util.Objects;

/**
 * The right to run one step that must happen once across every instance of the app (create a key, grant a role,
 * download a security domain, create an HSM), held by one instance until {@code expiresAt}.
 *
 * @param name      what it guards, lower-case, e.g. {@code key/contoso-hsm/orders-cmk}
 * @param holder    the instance holding it (for messages and logs)
 * @param expiresAt when another instance may take it, whether or not the holder is still alive
 * @param etag      the store's version of the lease, so that only its holder can renew or release it
 */
public record Lease(String name, String holder, Instant expiresAt, String etag) {

    public Lease {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(etag, "etag");
    }
}
