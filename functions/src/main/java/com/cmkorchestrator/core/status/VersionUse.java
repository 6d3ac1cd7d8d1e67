package com.cmkorchestrator.core.status;

import com.cmkorchestrator.core.model.KeySlot;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Objects;

/**
 * A key version a resource slot uses or used: the memory that lets the retention guard keep a version enabled
 * for the service's pickup window after it left use.
 *
 * @param slot      where in the resource
 * @param version   key version ID
 * @param since     when it was first seen in use
 * @param leftUseAt when it was first seen replaced, or null while in use; never earlier than the real switch,
 *                  so a window counted from it is never too short
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VersionUse(KeySlot slot, String version, Instant since, Instant leftUseAt) {

    public VersionUse {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(since, "since");
    }

    @JsonIgnore
    public boolean inUse() {
        return leftUseAt == null;
    }

    public VersionUse retiredAt(Instant when) {
        return new VersionUse(slot, version, since, when);
    }
}
