package com.cmkorchestrator.core.retirement;

import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.Periods;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.core.safety.VersionReference;
import com.cmkorchestrator.core.safety.VersionRetentionGuard;

import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides which old versions of a key to disable (never delete), on request ({@code key.retireAfter}): a version
 * whose successor became current at least {@code retireAfter} ago is disabled only when every resource in the
 * allow-list that uses the key shows a newer version in use and has shown it for longer than its service's pickup
 * window, and the retention guard, over every binding's remembered versions, finds nothing either. Any doubt keeps it.
 */
public final class RetirementPlanner {

    private final VersionRetentionGuard guard = new VersionRetentionGuard();

    /**
     * @param key        the key, versionless
     * @param state      the key as the HSM reports it
     * @param uses       every resource slot in the allow-list that references the key, as ARM lists them
     * @param remembered the references the bindings' statuses remember (versions they left, and when)
     * @return a decision for each enabled version that is due, oldest first
     */
    public List<RetirementDecision> plan(KeyRef key, KeyState state, Period retireAfter, List<ResourceUse> uses,
                                         List<VersionReference> remembered, Instant now) {
        List<KeyVersion> versions = state.versions().stream().sorted(Comparator.comparing(KeyVersion::createdOn))
                .toList();
        List<RetirementDecision> decisions = new ArrayList<>();
        for (int i = 0; i < versions.size() - 1; i++) {
            KeyVersion candidate = versions.get(i);
            KeyVersion successor = versions.get(i + 1);
            Instant due = Periods.after(successor.createdOn(), retireAfter);
            if (!candidate.enabled() || now.isBefore(due)) {
                continue;
            }
            List<String> evidence = uses.stream().map(ResourceUse::describe).toList();
            Optional<String> held = uses.stream().map(use -> use.holds(candidate, state, now)).flatMap(Optional::stream)
                    .findFirst()
                    .or(() -> guard.refusal(key.withVersion(candidate.version()), state, remembered, now));
            String dueSince = "successor " + successor.version() + " current since " + successor.createdOn()
                    + ", retireAfter " + retireAfter;
            decisions.add(new RetirementDecision(key.name(), candidate.version(), held.isEmpty(),
                    held.map(reason -> reason + " (" + dueSince + ")").orElse(dueSince), evidence));
        }
        return decisions;
    }
}
