package com.cmkorchestrator.core.status;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeySlot;
import com.cmkorchestrator.core.ports.TargetOperation;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the orchestrator last saw of a binding: its six conditions in chain order, the key versions its resource
 * uses and used, and whether it needs attention now. Data, shown by the HTTP API and the dashboard as it is.
 *
 * @param binding         binding name
 * @param conditions      one per {@link ConditionType}, in chain order
 * @param versions        versions in use (and recently retired) per slot, for the retention guard
 * @param keyVersionCount versions the key has (Managed HSM allows 100), when known
 * @param critical        true while a referenced version is expired or disabled: data is, or is about to be, offline
 * @param observedAt      when this status was computed
 * @param nextCheckAt     when the reconciler wants to look again, if it does
 * @param operation       the write to the target that began as a long-running operation and was not yet seen to
 *                        end: the next pass polls it (docs/concurrency.md section 4); null when none
 * @param attachedIdentity the user-assigned identity the target was last seen carrying for this binding, so that a
 *                        rebind whose write says all can go without reading the target first; null when unknown
 * @param cause           what queued the pass that computed this status (an event with its type and ID, a
 *                        scheduled re-check, a spec change, the health sweep), as the app recorded it; null before
 *                        the app stored it
 * @param drift           the last change to the target made outside the app, while remembered ({@link Drift}); null
 *                        when there was none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BindingStatus(String binding, List<Condition> conditions, List<VersionUse> versions,
                           Integer keyVersionCount, boolean critical, Instant observedAt, Instant nextCheckAt,
                           TargetOperation operation, ArmId attachedIdentity, String cause, Drift drift) {

    @JsonCreator // the canonical constructor, not the shorter one below
    public BindingStatus {
        Objects.requireNonNull(binding, "binding");
        conditions = List.copyOf(conditions);
        versions = versions == null ? List.of() : List.copyOf(versions);
        List<ConditionType> order = conditions.stream().map(Condition::type).toList();
        if (!order.equals(Arrays.asList(ConditionType.values()))) {
            throw new IllegalArgumentException("conditions must be exactly " + Arrays.toString(ConditionType.values())
                    + " in order, not " + order);
        }
    }

    /**
     * A status as the reconciler computes it, without an operation in flight, an identity known attached, a cause or a
     * drift.
     */
    public BindingStatus(String binding, List<Condition> conditions, List<VersionUse> versions,
                         Integer keyVersionCount, boolean critical, Instant observedAt, Instant nextCheckAt) {
        this(binding, conditions, versions, keyVersionCount, critical, observedAt, nextCheckAt, null, null, null, null);
    }

    /**
     * This status, naming what caused the pass that computed it; a drift this pass found is noticed by the same cause
     * (an ARM write event names its caller there).
     */
    public BindingStatus withCause(String passCause) {
        Drift noticed = drift != null && drift.noticedBy() == null && drift.at().equals(observedAt)
                ? drift.noticedBy(passCause) : drift;
        return new BindingStatus(binding, conditions, versions, keyVersionCount, critical, observedAt, nextCheckAt,
                operation, attachedIdentity, passCause, noticed);
    }

    /** This status with {@code found} as its drift record. */
    public BindingStatus withDrift(Drift found) {
        return new BindingStatus(binding, conditions, versions, keyVersionCount, critical, observedAt, nextCheckAt,
                operation, attachedIdentity, cause, found);
    }

    /** The status of a binding nobody has looked at yet: every link waiting. */
    public static BindingStatus initial(String binding, Instant now) {
        List<Condition> conditions = new ArrayList<>();
        for (ConditionType type : ConditionType.values()) {
            conditions.add(Condition.waiting(type, Reason.WAITING_FOR_PREVIOUS, "not yet reconciled", now));
        }
        return new BindingStatus(binding, conditions, List.of(), null, false, now, now);
    }

    public Condition condition(ConditionType type) {
        return conditions.get(type.ordinal());
    }

    /** True when every link holds. */
    @JsonIgnore
    public boolean isReady() {
        return conditions.stream().allMatch(Condition::isTrue);
    }

    /** The first link that does not hold, if any. */
    @JsonIgnore
    public Optional<Condition> firstUnmet() {
        return conditions.stream().filter(condition -> !condition.isTrue()).findFirst();
    }

    /** The operation in flight on {@code target}, if the last pass began one there. */
    public Optional<TargetOperation> operationOn(ArmId target) {
        return Optional.ofNullable(operation).filter(op -> op.target().equals(target));
    }

    /** The version a slot currently uses, as last observed. */
    public Optional<String> versionInUse(KeySlot slot) {
        return versions.stream().filter(use -> use.slot() == slot && use.inUse()).map(VersionUse::version).findFirst();
    }
}
