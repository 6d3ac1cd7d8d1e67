package com.cmkorchestrator.core.ports;

import java.util.Optional;

/**
 * The app's record of the keys it owns (table {@code <prefix>keys}, docs/concurrency.md section 1). The record, not
 * the key's {@code managed-by} tag, decides: a tag can be removed or set by anyone who may write the key, the record
 * only by the app. Names compare without case, as Key Vault's do. One contract test runs on both stores.
 */
public interface KeyOwnershipPort {

    /** The record of key {@code key} of the HSM named {@code hsm}, if the app owns it. */
    Optional<OwnedKey> find(String hsm, String key);

    /**
     * Records that the app owns a key, unless it is recorded already: the first record stays (a key created by one
     * binding and later adopted by another remains "created").
     *
     * @return the record as it stands now
     */
    OwnedKey record(OwnedKey owned);
}
