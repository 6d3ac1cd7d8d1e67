package com.cmkorchestrator.state;

import java.util.List;

/**
 * The latest health-sweep findings, per binding. Each sweep of a binding replaces that binding's
 * findings as a whole, so a fixed problem disappears and the list never grows stale.
 */
public interface FindingStore {

    /** Findings one binding may have; with {@link Finding#MAX_MESSAGE_CHARS} they fit one table entity. */
    int MAX_FINDINGS_PER_BINDING = 100;

    /**
     * Makes {@code findings} the binding's findings, atomically: readers see the old set or the new
     * one, never a mix. An empty list clears them.
     *
     * @throws IllegalArgumentException when a finding is about another binding, or there are more than
     *     {@value #MAX_FINDINGS_PER_BINDING}
     */
    void replaceFor(String binding, List<Finding> findings);

    /** One binding's findings, in the order they were given. */
    List<Finding> findingsFor(String binding);

    /** Every binding's findings, by binding name, each binding's in the order they were given. */
    List<Finding> all();

    /** Checks the arguments of {@link #replaceFor}; shared so every implementation rejects the same input. */
    static void checkReplacement(String binding, List<Finding> findings) {
        StateLimits.requireName("binding", binding);
        if (findings.size() > MAX_FINDINGS_PER_BINDING) {
            throw new IllegalArgumentException("binding '" + binding + "' has " + findings.size()
                    + " findings; at most " + MAX_FINDINGS_PER_BINDING + " are kept per binding");
        }
        for (Finding finding : findings) {
            if (!finding.binding().equals(binding)) {
                throw new IllegalArgumentException("finding about binding '" + finding.binding()
                        + "' given as a finding of '" + binding + "'");
            }
        }
    }
}
