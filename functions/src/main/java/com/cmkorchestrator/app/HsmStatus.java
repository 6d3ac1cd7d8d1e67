package com.cmkorchestrator.app;

import com.cmkorchestrator.core.engine.Write;
import com.cmkorchestrator.core.model.BindingJson;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.state.SpecRecord;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the last provisioning pass saw of a requested HSM, stored as the HSM request's status.
 *
 * @param condition   the HSM's {@code HsmReady} condition; for a manual activation its message holds the command
 * @param writes      what that pass changed in Azure
 * @param nextCheckAt when the next pass is due, or null once the HSM is active
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HsmStatus(Condition condition, List<Write> writes, Instant nextCheckAt) {

    public HsmStatus {
        Objects.requireNonNull(condition, "condition");
        writes = writes == null ? List.of() : List.copyOf(writes);
    }

    /**
     * The status stored in a record, if a pass has run.
     *
     * @throws IllegalStateException when the stored status cannot be read (written by something else)
     */
    public static Optional<HsmStatus> of(SpecRecord record) {
        if (SpecRecord.EMPTY_STATUS.equals(record.statusJson())) {
            return Optional.empty();
        }
        try {
            return Optional.of(BindingJson.read(record.statusJson(), HsmStatus.class));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("stored status of HSM request '" + record.name() + "' cannot be read: "
                    + e.getMessage(), e);
        }
    }

    public String toJson() {
        return BindingJson.write(this);
    }
}
