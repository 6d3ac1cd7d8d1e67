package com.cmkorchestrator.app.health;

import com.cmkorchestrator.app.HsmStatus;
import com.cmkorchestrator.core.status.Condition;
import com.cmkorchestrator.core.status.VersionUse;
import com.cmkorchestrator.state.Finding;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * The app's health as {@code GET /api/health} reports it and the dashboard draws it: every binding with its first
 * unmet condition (as it is) and the sweep's findings, every Managed HSM the app knows (requested through
 * {@code POST /api/hsms} or used by a binding), the key slots more than one binding declares, the key versions
 * retirement disabled, the deliveries that could not be read, and the work items that ended in the poison queue.
 * docs/http-api.md describes each field.
 *
 * @param status          {@code Healthy}; {@code Degraded} when a binding is not verified, a warning stands, an HSM
 *                        is not ready, two bindings declare one key slot or work was poisoned; {@code Critical} when
 *                        data is or is about to be offline
 * @param slotConflicts   key slots that more than one stored binding declares (none of them writes)
 * @param retiredVersions key versions disabled on request, newest last, each with its evidence
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthReport(String status, Instant generatedAt, Counts bindings, List<BindingHealth> items,
                           List<HsmHealth> hsms, List<SlotConflict> slotConflicts, List<Finding> retiredVersions,
                           List<Finding> rejectedDeliveries, int poisonedWorkItems) {

    /** One key slot of a resource that several bindings declare. */
    public record SlotConflict(String target, String slot, List<String> bindings) {
    }

    public record Counts(int total, int verified, int converging, int failed, int pending) {
    }

    /**
     * @param phase      as in {@code GET /api/bindings}
     * @param firstUnmet the first condition that does not hold, or null when verified
     * @param versions   key versions the resource uses and recently used, per slot
     * @param cause      what queued the last pass (an event, a re-check, the sweep), or null before the first
     * @param observedAt when the last pass ran, or null before the first
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BindingHealth(String name, String phase, String kind, String target, String hsm, String key,
                                String versionPolicy, boolean critical, Condition firstUnmet, List<Condition> conditions,
                                List<VersionUse> versions, List<Finding> findings, String cause, Instant observedAt) {
    }

    /**
     * A Managed HSM the app knows.
     *
     * @param name      its name
     * @param hsm       its ARM ID
     * @param requested whether it was requested through {@code POST /api/hsms} (else only bindings name it)
     * @param ready     its {@code HsmReady} condition as last seen: the provisioning pass's for a requested HSM, else
     *                  the most recent among its bindings'; null before any pass
     * @param status    the provisioning status of a requested HSM (condition, writes, next check), else null
     * @param bindings  the names of the bindings that use it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HsmHealth(String name, String hsm, boolean requested, Condition ready, HsmStatus status,
                            List<String> bindings) {
    }
}
