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
 * unmet condition (as it is) and the sweep's findings, every requested HSM, the deliveries that could not be read,
 * and the work items that ended in the poison queue.
 *
 * @param status {@code Healthy}; {@code Degraded} when a binding is not verified, a warning stands or work was
 *               poisoned; {@code Critical} when data is or is about to be offline
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthReport(String status, Instant generatedAt, Counts bindings, List<BindingHealth> items,
                           List<HsmHealth> hsms, List<Finding> rejectedDeliveries, int poisonedWorkItems) {

    public record Counts(int total, int verified, int converging, int failed, int pending) {
    }

    /**
     * @param phase      as in {@code GET /api/bindings}
     * @param firstUnmet the first condition that does not hold, or null when verified
     * @param versions   key versions the resource uses and recently used, per slot
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BindingHealth(String name, String phase, String kind, String target, String hsm, String key,
                                String versionPolicy, boolean critical, Condition firstUnmet, List<Condition> conditions,
                                List<VersionUse> versions, List<Finding> findings) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HsmHealth(String name, String hsm, HsmStatus status) {
    }
}
