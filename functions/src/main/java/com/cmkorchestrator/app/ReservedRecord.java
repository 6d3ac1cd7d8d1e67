package com.cmkorchestrator.app;

import com.cmkorchestrator.state.Finding;
import com.cmkorchestrator.state.FindingSeverity;
import com.cmkorchestrator.state.FindingStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A log the app keeps in the finding store under a reserved name no binding can have (binding names have no
 * {@code _}): newest last, the last {@value FindingStore#MAX_FINDINGS_PER_BINDING} kept, each line cut to what a
 * finding holds. Two instances appending at the same instant may lose one of the two lines; the function log has both.
 */
public final class ReservedRecord {

    private final FindingStore findings;
    private final String name;

    public ReservedRecord(FindingStore findings, String name) {
        if (RejectedEvents.isBindingName(name)) {
            throw new IllegalArgumentException("a reserved record's name starts with '_', unlike a binding's: " + name);
        }
        this.findings = findings;
        this.name = name;
    }

    public synchronized void append(FindingSeverity severity, String message, Instant at) {
        String line = message.length() <= Finding.MAX_MESSAGE_CHARS ? message
                : message.substring(0, Finding.MAX_MESSAGE_CHARS - 1) + "…";
        List<Finding> kept = new ArrayList<>(findings.findingsFor(name));
        kept.add(new Finding(name, severity, line, at));
        while (kept.size() > FindingStore.MAX_FINDINGS_PER_BINDING) {
            kept.remove(0);
        }
        findings.replaceFor(name, kept);
    }

    /** Oldest first. */
    public List<Finding> recent() {
        return findings.findingsFor(name);
    }
}
