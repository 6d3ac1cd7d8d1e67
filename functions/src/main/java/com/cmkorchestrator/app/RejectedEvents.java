package com.cmkorchestrator.app;

import com.cmkorchestrator.state.Finding;
import com.cmkorchestrator.state.FindingSeverity;
import com.cmkorchestrator.state.FindingStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Deliveries the app could not read (malformed events, queue messages that are no work items), kept where an
 * operator finds them: the health report and the dashboard list them. They are acknowledged, not retried, since
 * reading them again cannot succeed.
 *
 * <p>They live in the finding store under a reserved name that no binding can have (binding names have no
 * {@code _}), newest last, the last {@value FindingStore#MAX_FINDINGS_PER_BINDING} kept. Two instances recording at
 * the same instant may lose one of the two records; the function log has both.
 */
public final class RejectedEvents {

    public static final String RECORD = "_rejected-deliveries";
    private static final int PAYLOAD_EXCERPT = 1_000;

    private final FindingStore findings;
    private final Clock clock;

    public RejectedEvents(FindingStore findings, Clock clock) {
        this.findings = findings;
        this.clock = clock;
    }

    /**
     * @param source  where it came from ({@code Event Grid OnKeyEvent}, {@code queue cmk-reconcile})
     * @param reason  why it cannot be read
     * @param payload what was delivered; an excerpt is kept
     */
    public synchronized void record(String source, String reason, String payload) {
        String excerpt = payload == null ? "" : payload.length() <= PAYLOAD_EXCERPT ? payload
                : payload.substring(0, PAYLOAD_EXCERPT) + "…";
        String message = clip(source + ": " + reason + " | delivered: " + excerpt);
        List<Finding> kept = new ArrayList<>(findings.findingsFor(RECORD));
        kept.add(new Finding(RECORD, FindingSeverity.WARNING, message, clock.instant()));
        while (kept.size() > FindingStore.MAX_FINDINGS_PER_BINDING) {
            kept.remove(0);
        }
        findings.replaceFor(RECORD, kept);
    }

    /** Oldest first. */
    public List<Finding> recent() {
        return findings.findingsFor(RECORD);
    }

    /** Whether a finding-store name is a binding's (and not a reserved record like this one). */
    public static boolean isBindingName(String name) {
        return !name.startsWith("_");
    }

    private static String clip(String message) {
        return message.length() <= Finding.MAX_MESSAGE_CHARS ? message
                : message.substring(0, Finding.MAX_MESSAGE_CHARS - 1) + "…";
    }
}
