package com.cmkorchestrator.app.retirement;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.retirement.RetirementDecision;
import com.cmkorchestrator.state.Finding;
import com.cmkorchestrator.state.FindingSeverity;
import com.cmkorchestrator.state.FindingStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The key versions retirement disabled, each with its evidence, kept where the health report and the dashboard find
 * them: the finding store, under a reserved name no binding can have (binding names have no {@code _}), newest last,
 * the last {@value FindingStore#MAX_FINDINGS_PER_BINDING} kept. The function log holds every line in full.
 */
public final class RetirementLog {

    public static final String RECORD = "_retired-versions";

    private final FindingStore findings;
    private final Clock clock;

    public RetirementLog(FindingStore findings, Clock clock) {
        this.findings = findings;
        this.clock = clock;
    }

    /** Records one disabled version of a key of {@code hsm}. */
    public synchronized void record(ArmId hsm, RetirementDecision decision) {
        String line = hsm.resourceName() + ": " + decision.describe();
        List<Finding> kept = new ArrayList<>(findings.findingsFor(RECORD));
        kept.add(new Finding(RECORD, FindingSeverity.INFO, line.length() <= Finding.MAX_MESSAGE_CHARS ? line
                : line.substring(0, Finding.MAX_MESSAGE_CHARS - 1) + "…", clock.instant()));
        while (kept.size() > FindingStore.MAX_FINDINGS_PER_BINDING) {
            kept.remove(0);
        }
        findings.replaceFor(RECORD, kept);
    }

    /** Oldest first. */
    public List<Finding> recent() {
        return findings.findingsFor(RECORD);
    }
}
