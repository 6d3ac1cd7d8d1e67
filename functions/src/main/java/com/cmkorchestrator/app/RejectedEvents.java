package com.cmkorchestrator.app;

import com.cmkorchestrator.state.Finding;
import com.cmkorchestrator.state.FindingSeverity;
import com.cmkorchestrator.state.FindingStore;

import java.time.Clock;
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

    private final ReservedRecord record;
    private final Clock clock;

    public RejectedEvents(FindingStore findings, Clock clock) {
        this.record = new ReservedRecord(findings, RECORD);
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
        record.append(FindingSeverity.WARNING, source + ": " + reason + " | delivered: " + excerpt, clock.instant());
    }

    /** Oldest first. */
    public List<Finding> recent() {
        return record.recent();
    }

    /** Whether a finding-store name is a binding's (and not a reserved record like this one). */
    public static boolean isBindingName(String name) {
        return !name.startsWith("_");
    }
}
