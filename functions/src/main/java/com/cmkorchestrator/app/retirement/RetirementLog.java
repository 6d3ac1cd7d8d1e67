package com.cmkorchestrator.app.retirement;

import com.cmkorchestrator.app.ReservedRecord;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.retirement.RetirementDecision;
import com.cmkorchestrator.state.Finding;
import com.cmkorchestrator.state.FindingSeverity;
import com.cmkorchestrator.state.FindingStore;

import java.time.Clock;
import java.util.List;

/**
 * The key versions retirement disabled, each with its evidence, kept where the health report and the dashboard find
 * them (a {@link ReservedRecord} of the finding store). The function log holds every line in full.
 */
public final class RetirementLog {

    public static final String RECORD = "_retired-versions";

    private final ReservedRecord record;
    private final Clock clock;

    public RetirementLog(FindingStore findings, Clock clock) {
        this.record = new ReservedRecord(findings, RECORD);
        this.clock = clock;
    }

    /** Records one disabled version of a key of {@code hsm}. */
    public void record(ArmId hsm, RetirementDecision decision) {
        record.append(FindingSeverity.INFO, hsm.resourceName() + ": " + decision.describe(), clock.instant());
    }

    /** Oldest first. */
    public List<Finding> recent() {
        return record.recent();
    }
}
