package com.cmkorchestrator.app.health;

import com.cmkorchestrator.app.PassRecorder;
import com.cmkorchestrator.core.status.BindingStatus;
import com.cmkorchestrator.state.Finding;
import com.cmkorchestrator.state.FindingStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Records, as a pass stores its status, the findings that must not wait for the hourly sweep ({@link
 * FindingRules#urgent}): they join the binding's findings, each once; the next sweep replaces the lot with what it sees.
 */
public final class PassFindings implements PassRecorder.Listener {

    private final FindingStore findings;
    private final Clock clock;

    public PassFindings(FindingStore findings, Clock clock) {
        this.findings = findings;
        this.clock = clock;
    }

    @Override
    public void recorded(String binding, BindingStatus status) {
        List<Finding> urgent = FindingRules.urgent(binding, status, clock.instant());
        if (urgent.isEmpty()) {
            return;
        }
        List<Finding> kept = new ArrayList<>(findings.findingsFor(binding));
        urgent.stream().filter(found -> kept.stream().noneMatch(k -> k.message().equals(found.message())))
                .forEach(kept::add);
        while (kept.size() > FindingStore.MAX_FINDINGS_PER_BINDING) {
            kept.remove(0);
        }
        findings.replaceFor(binding, kept);
    }
}
