package com.cmkorchestrator.state;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Desired-state documents (bindings, HSM requests) with optimistic concurrency: every write of an
 * existing record is conditional on the ETag it was read with, so two instances of the app never
 * overwrite each other's changes.
 */
public interface SpecStore {

    /** What this store holds, for messages: "binding", "HSM request". */
    String kind();

    Optional<SpecRecord> get(String name);

    /** Every record, in name order. */
    List<SpecRecord> list();

    /**
     * Inserts a new record at generation 1 with an empty status.
     *
     * @throws StateAlreadyExistsException when the name is taken
     * @throws StateTooLargeException when the spec does not fit a table entity
     */
    SpecRecord create(String name, String specJson);

    /**
     * Writes {@code next} if the stored record still has {@code next.etag()}. Derive {@code next} from
     * a read record with {@link SpecRecord#withSpec} / {@link SpecRecord#withStatus}, which keep the
     * generation right. The store sets {@code updatedAt} and the new ETag.
     *
     * @return the record as stored now
     * @throws ConcurrentUpdateException when the record changed or was deleted since it was read
     * @throws StateTooLargeException when the documents do not fit a table entity
     */
    SpecRecord replace(SpecRecord next);

    /**
     * Removes the record whatever its version.
     *
     * @return whether there was a record to remove
     */
    boolean delete(String name);

    /**
     * Reads the record, applies {@code change} and writes the result conditionally, re-reading and
     * re-applying when another writer got there first. {@code change} may run several times, so it
     * must not have side effects; returning its argument unchanged writes nothing.
     *
     * @throws StateNotFoundException when there is no such record
     * @throws ConcurrentUpdateException when every attempt lost a race
     */
    default SpecRecord update(String name, UnaryOperator<SpecRecord> change) {
        return OptimisticRetry.run(kind() + " '" + name + "'", () -> {
            SpecRecord current = get(name).orElseThrow(() -> new StateNotFoundException(kind() + " '" + name + "'"));
            SpecRecord next = change.apply(current);
            if (next.equals(current)) {
                return current;
            }
            if (!next.name().equals(name) || !next.etag().equals(current.etag())) {
                throw new IllegalArgumentException("the change must return the record it was given, modified with"
                        + " withSpec/withStatus");
            }
            return replace(next);
        });
    }

    /**
     * Declares the desired state: creates the record, or changes its spec (generation + 1), or does
     * nothing when the spec is already this one. Safe to repeat.
     *
     * @return the record as stored now
     */
    default SpecRecord apply(String name, String specJson) {
        return OptimisticRetry.run(kind() + " '" + name + "'", () -> {
            Optional<SpecRecord> current = get(name);
            if (current.isEmpty()) {
                try {
                    return create(name, specJson);
                } catch (StateAlreadyExistsException e) {
                    throw new ConcurrentUpdateException(kind() + " '" + name + "' was created concurrently", e);
                }
            }
            SpecRecord next = current.get().withSpec(specJson);
            return next == current.get() ? next : replace(next);
        });
    }
}
