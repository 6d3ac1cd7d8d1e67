package com.cmkorchestrator.app;

import com.cmkorchestrator.core.TrackedBinding;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.BindingJson;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.state.SpecRecord;

import java.util.Objects;
import java.util.Optional;

/**
 * A binding record as stored, read into the core's types: the spec, the status of the last pass (null before the
 * first), and the record itself for its generation and ETag.
 */
public record StoredBinding(SpecRecord record, Binding binding, BindingStatus status) {

    public StoredBinding {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(binding, "binding");
    }

    /**
     * Reads a record. Stored specs were validated on the way in, so a failure here means the record was written by
     * something else (or an older version of the model) and is reported as such.
     *
     * @throws IllegalStateException naming the record when its spec or status cannot be read
     */
    public static StoredBinding of(SpecRecord record) {
        try {
            Binding binding = BindingJson.readBinding(record.specJson());
            BindingStatus status = SpecRecord.EMPTY_STATUS.equals(record.statusJson()) ? null
                    : BindingJson.read(record.statusJson(), BindingStatus.class);
            return new StoredBinding(record, binding, status);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("stored binding '" + record.name() + "' cannot be read: " + e.getMessage(), e);
        }
    }

    /** The record read, or empty when it cannot be (the catalog logs such records; other readers pass them by). */
    public static Optional<StoredBinding> readable(SpecRecord record) {
        try {
            return Optional.of(of(record));
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    public String name() {
        return record.name();
    }

    public Optional<BindingStatus> lastStatus() {
        return Optional.ofNullable(status);
    }

    public TrackedBinding tracked() {
        return new TrackedBinding(binding, status);
    }
}
