package com.cmkorchestrator.core.retirement;

import java.util.List;
import java.util.Objects;

/**
 * What retirement decided about one version that was due: disable it, or keep it, and on what evidence.
 *
 * @param version  the version
 * @param retire   whether it is (to be) disabled
 * @param reason   why it is kept, or why it was due
 * @param evidence the resources that use the key and what each showed, one line each
 */
public record RetirementDecision(String key, String version, boolean retire, String reason, List<String> evidence) {

    public RetirementDecision {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(reason, "reason");
        evidence = List.copyOf(evidence);
    }

    /** One line for the log and the dashboard: the decision, then the evidence. */
    public String describe() {
        return (retire ? "disabled " : "kept ") + key + " version " + version + ": " + reason + "; evidence: "
                + (evidence.isEmpty() ? "no resource in the allow-list uses the key" : String.join("; ", evidence));
    }
}
